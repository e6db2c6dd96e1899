-- title: Commitments that hold only conditionally on law or policy
-- description: Claims marked conditional, with each condition or exception as written and what it leans on (a named authority or unnamed law). Give :document to see one document (empty for all).
-- example: document=openai-dow-agreement
select documents.title as document, claims.modality, claims.text as claim,
       conditions.kind as condition_kind, conditions.surface as condition,
       group_concat(coalesce(authorities.name, 'unnamed law: ' || condition_dependencies.surface), '; ') as leans_on
from claims
join documents on documents.id = claims.document_id
join conditions on conditions.claim_id = claims.id
left join condition_dependencies on condition_dependencies.condition_id = conditions.id
left join authorities on authorities.id = condition_dependencies.authority_id
where claims.conditional = 1
  and claims.document_id in (select id from documents where coalesce(:document, '') in ('', id))
group by conditions.id
order by documents.path, claims.start
