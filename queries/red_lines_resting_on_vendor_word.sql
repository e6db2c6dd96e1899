-- title: Red lines resting only on the vendor's controls and assurances
-- description: Red lines an organisation other than a government states as its own limit or its users' rule (kind red_line or policy) whose protection, as the text ties it, cites no law at all, named or unnamed: only the organisation's own safeguards and assurances (or nothing). A government's duties and contract terms are left out, and so are versions a later one supersedes.
select documents.title as document, red_lines.text as red_line, concepts.name as concept,
       organizations.name as stated_by, red_lines.kind, red_line_basis.safeguards, red_line_basis.assurances,
       red_line_basis.basis
from red_line_basis
join red_lines on red_lines.id = red_line_basis.id
join documents on documents.id = red_line_basis.document_id
left join concepts on concepts.id = red_line_basis.concept_id
left join organizations on organizations.id = red_lines.organization_id
where red_line_basis.named_authorities = 0 and red_line_basis.generic_law = 0
  and red_lines.kind in ('red_line', 'policy')
  and coalesce(organizations.kind, '') <> 'government'
  and red_line_basis.superseded = 0
order by documents.path, red_lines.start
