-- title: Red lines of each organisation, side by side
-- description: For each red-line concept, the red lines each organisation states, across documents, so that different organisations' lines on the same concept sit in one row.
select concepts.name as concept, organizations.name as organization,
       count(*) as red_lines, group_concat(red_lines.text, ' | ') as stated_as,
       group_concat(distinct documents.title) as documents
from red_lines
join documents on documents.id = red_lines.document_id
left join concepts on concepts.id = red_lines.concept_id
left join organizations on organizations.id = red_lines.organization_id
group by red_lines.concept_id, red_lines.organization_id
order by concepts.name, organizations.name
