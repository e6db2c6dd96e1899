-- title: References to unnamed law
-- description: Where a text leans on law it does not name ("applicable law", "existing laws, regulations, and policies"), with the sentence. Give :document to see one document (empty for all).
-- example: document=openai-dow-agreement
select documents.title as document, mentions.surface, sentences.text as sentence, clauses.designation as clause,
       mentions.start, mentions.end, mentions.id as mention_id
from mentions
join documents on documents.id = mentions.document_id
left join sentences on sentences.id = mentions.sentence_id
left join clauses on clauses.id = mentions.clause_id
where mentions.authority_id is null
  and (coalesce(:document, '') = '' or mentions.document_id = :document)
order by documents.path, mentions.start
