-- title: Commitments that hold only conditionally on law or policy
-- description: Claims marked conditional, with each condition or exception as written and what it leans on (a named authority or unnamed law), and claims whose reach is limited by a scope ('for all lawful purposes consistent with applicable law'), reported as the scope it is (`holds`). `protection` gives the effect of the claim's support to a red line (conditional, qualified, unconditional), when it protects one. Give :document to see one document (empty for all).
-- example: document=openai-dow-agreement
select documents.title as document, clauses.designation as clause, claims.modality, claims.text as claim,
       conditions.kind as condition_kind,
       case conditions.kind when 'scope' then 'within this scope' else 'only under this condition' end as holds,
       conditions.surface as condition,
       group_concat(coalesce(authorities.name, 'unnamed law: ' || condition_dependencies.surface), '; ') as leans_on,
       (select group_concat(distinct red_line_support.effect) from red_line_support
         where red_line_support.via_id = 'claim:' || claims.id) as protection
from claims
join documents on documents.id = claims.document_id
join conditions on conditions.claim_id = claims.id
left join condition_dependencies on condition_dependencies.condition_id = conditions.id
left join authorities on authorities.id = condition_dependencies.authority_id
left join clauses on clauses.id = claims.clause_id
where (claims.conditional = 1 or conditions.kind = 'scope')
  and claims.document_id in (select id from documents where coalesce(:document, '') in ('', id))
group by conditions.id
order by documents.path, claims.start, conditions.start
