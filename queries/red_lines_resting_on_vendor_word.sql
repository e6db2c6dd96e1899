-- title: Red lines resting only on the vendor's controls and assurances
-- description: Red lines whose protection cites no law at all, named or unnamed: only the vendor's own safeguards and assurances (or nothing).
select documents.title as document, red_line_basis.text as red_line, concepts.name as concept,
       red_line_basis.safeguards, red_line_basis.assurances, red_line_basis.basis
from red_line_basis
join documents on documents.id = red_line_basis.document_id
left join concepts on concepts.id = red_line_basis.concept_id
where red_line_basis.named_authorities = 0 and red_line_basis.generic_law = 0
order by documents.path, red_line_basis.text
