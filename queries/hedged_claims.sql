-- title: Hedged claims
-- description: Claims softened by a hedge ("we believe", "from what we know", "we do not expect"), with the cue and who makes them. Give :document to see one document (empty for all).
-- example: document=openai-dow-agreement
select documents.title as document, organizations.name as speaker, claims.hedge_cue, claims.modality, claims.text as claim
from claims
join documents on documents.id = claims.document_id
left join organizations on organizations.id = claims.speaker_id
where claims.hedged = 1
  and claims.document_id in (select id from documents where coalesce(:document, '') in ('', id))
order by documents.path, claims.start
