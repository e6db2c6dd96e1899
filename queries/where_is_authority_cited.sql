-- title: Where is an authority cited?
-- description: Every place the documents cite :authority (an id such as us/eo/12333, a name, a short name such as FISA, a citation or any alias), with the sentence and clause it sits in.
-- example: authority=FISA
-- Documents are walked in path order (their index on path) and each one's mentions of the authority in text
-- order (the index on mentions' authority, document and start), so rows stream out without sorting them all.
with wanted as (
  select authority_id as id from authority_lookup where key = lower(trim(:authority))
)
select documents.title as document, mentions.surface, authorities.name as authority,
       sentences.text as sentence, clauses.designation as clause, mentions.start, mentions.end, mentions.id as mention_id
from documents
cross join mentions on mentions.document_id = documents.id and mentions.authority_id in (select id from wanted)
join authorities on authorities.id = mentions.authority_id
left join sentences on sentences.id = mentions.sentence_id
left join clauses on clauses.id = mentions.clause_id
order by documents.path, mentions.start
