-- title: Red lines of each organisation, side by side, with their basis
-- description: For each red-line concept, the red lines each organisation states, across documents, so that different organisations' lines on the same concept sit next to each other, with what their protection rests on: `basis` gives the verdicts (named law; generic law only; vendor controls and assurances only; nothing stated), `named_law` the authorities and `safeguards` the safeguards the texts tie to them, and `conditional_law` how many rest only on law that holds under a condition. `red_lines` counts the current versions only; `superseded` counts those a later version of their document replaces (listed in stated_as all the same, and left out of the basis).
with lines as (
  select red_lines.id, red_lines.concept_id, red_lines.organization_id, red_lines.text, red_lines.kind, red_lines.document_id,
         red_line_basis.basis, red_line_basis.superseded, red_line_basis.conditional_law
  from red_lines join red_line_basis on red_line_basis.id = red_lines.id
),
supports as (
  select distinct lines.concept_id, lines.organization_id, red_line_support.support_kind, red_line_support.target_label
  from lines join red_line_support on red_line_support.red_line_id = lines.id
  where lines.superseded = 0
)
select concepts.name as concept, organizations.name as organization,
       sum(lines.superseded = 0) as red_lines, sum(lines.superseded) as superseded,
       group_concat(distinct case when lines.superseded = 0 then lines.basis end) as basis,
       (select group_concat(target_label, '; ') from (
          select supports.target_label from supports
          where supports.concept_id is lines.concept_id and supports.organization_id is lines.organization_id
            and supports.support_kind = 'authority' order by supports.target_label)) as named_law,
       (select group_concat(target_label, '; ') from (
          select supports.target_label from supports
          where supports.concept_id is lines.concept_id and supports.organization_id is lines.organization_id
            and supports.support_kind = 'safeguard' order by supports.target_label)) as safeguards,
       sum(lines.superseded = 0 and lines.conditional_law) as conditional_law,
       group_concat(lines.text, ' | ') as stated_as, group_concat(distinct lines.kind) as kinds,
       group_concat(distinct documents.title) as documents
from lines
join documents on documents.id = lines.document_id
left join concepts on concepts.id = lines.concept_id
left join organizations on organizations.id = lines.organization_id
group by lines.concept_id, lines.organization_id
order by concepts.name, organizations.name
