-- title: Red lines by authority coverage
-- description: For each red line, its verdict and every support the text ties to it (an authority, unnamed law, a safeguard or an assurance), one row each: how it holds (conditional, qualified, unconditional, and the words that say so), which rule tied it, and the evidence (click it to read it highlighted in its document). A red line with no support has one row. Give :document to see one document (empty for all).
-- example: document=openai-dow-agreement
select documents.title as document, red_line_basis.text as red_line, concepts.name as concept,
       red_line_basis.basis, red_line_basis.conditional_law, red_line_basis.superseded,
       red_line_support.support_kind, red_line_support.target_label as support, red_line_support.surface,
       red_line_support.effect, red_line_support.effect_cue, red_line_support.rule, red_line_support.evidence,
       red_line_basis.document_id, red_line_support.evidence_start, red_line_support.evidence_end
from red_line_basis
join documents on documents.id = red_line_basis.document_id
left join concepts on concepts.id = red_line_basis.concept_id
left join red_line_support on red_line_support.red_line_id = red_line_basis.id
where red_line_basis.document_id in (select id from documents where coalesce(:document, '') in ('', id))
order by documents.path, red_line_basis.text,
         case red_line_support.support_kind when 'authority' then 0 when 'generic_law' then 1 when 'safeguard' then 2 else 3 end,
         red_line_support.start
