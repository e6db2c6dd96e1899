-- title: Red lines of each organisation, side by side
-- description: For each red-line concept, the red lines each organisation states, across documents, so that different organisations' lines on the same concept sit in one row. `red_lines` counts the current versions only; `superseded` counts those a later version of their document replaces (listed in stated_as all the same).
select concepts.name as concept, organizations.name as organization,
       sum(red_line_basis.superseded = 0) as red_lines, sum(red_line_basis.superseded) as superseded,
       group_concat(red_lines.text, ' | ') as stated_as, group_concat(distinct red_lines.kind) as kinds,
       group_concat(distinct documents.title) as documents
from red_lines
join red_line_basis on red_line_basis.id = red_lines.id
join documents on documents.id = red_lines.document_id
left join concepts on concepts.id = red_lines.concept_id
left join organizations on organizations.id = red_lines.organization_id
group by red_lines.concept_id, red_lines.organization_id
order by concepts.name, organizations.name
