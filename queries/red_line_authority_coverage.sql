-- title: Red lines by authority coverage
-- description: For each red line, the authorities, unnamed law, safeguards and assurances its protection rests on (through the clauses and claims that state or address it), with the verdict. Give :document to see one document (empty for all).
-- example: document=openai-dow-agreement
select documents.title as document, red_line_basis.text as red_line, concepts.name as concept,
       red_line_basis.basis,
       (select group_concat(distinct target_label) from red_line_support s
         where s.red_line_id = red_line_basis.id and s.support_kind = 'authority') as authorities,
       red_line_basis.generic_law as generic_law_references,
       (select group_concat(distinct target_label) from red_line_support s
         where s.red_line_id = red_line_basis.id and s.support_kind = 'safeguard') as safeguards,
       red_line_basis.assurances
from red_line_basis
join documents on documents.id = red_line_basis.document_id
left join concepts on concepts.id = red_line_basis.concept_id
where red_line_basis.document_id in (select id from documents where coalesce(:document, '') in ('', id))
order by documents.path, red_line_basis.basis, red_line_basis.text
