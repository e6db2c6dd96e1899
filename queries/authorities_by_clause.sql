-- title: Which authorities does each clause cite?
-- description: For every clause, the named authorities cited anywhere in it (sub-clauses included) and how often it leans on unnamed law. Give :document to see one document (empty for all).
-- example: document=openai-dow-agreement
select documents.title as document, clauses.designation as clause, clauses.title as clause_title,
       group_concat(distinct authorities.name) as authorities,
       count(distinct mentions.authority_id) as named_authorities,
       sum(mentions.authority_id is null and mentions.id is not null) as generic_law_references, clauses.id as clause_id
from clauses
join documents on documents.id = clauses.document_id
left join mentions on mentions.document_id = clauses.document_id
  and mentions.start >= clauses.start and mentions.end <= clauses.end
left join authorities on authorities.id = mentions.authority_id
where clauses.document_id in (select id from documents where coalesce(:document, '') in ('', id))
group by clauses.id
order by documents.path, clauses.start
