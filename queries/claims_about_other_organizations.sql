-- title: Claims about other organisations
-- description: Claims whose subject is an organisation other than the speaker, with any comparison they draw (e.g. stronger safeguards than another lab's). Give :document to see one document (empty for all).
-- example: document=openai-dow-agreement
select documents.title as document, speaker.name as speaker, about.name as about, claims.modality,
       comparisons.relation as comparison, comparisons.surface as comparison_evidence, claims.text as claim
from claims
join documents on documents.id = claims.document_id
left join organizations speaker on speaker.id = claims.speaker_id
left join organizations about on about.id = claims.about_id
left join comparisons on comparisons.claim_id = claims.id
where claims.document_id in (select id from documents where coalesce(:document, '') in ('', id))
  and ((claims.about_id is not null and claims.about_id is not coalesce(claims.speaker_id, ''))
   or comparisons.id is not null)
order by documents.path, claims.start
