-- title: Citations the build could not resolve
-- description: For curation, two kinds of loose ends. `unrecognised`: sentences (not headings) holding citation-like text that no mention covers, each sign's first occurrence only: short forms with nothing before them to point back to ('Id.', 'supra', 'reference (c)'), local and cross references ('Section 2 of this issuance', 'subsection (a)', '§ 4.2') and formal citations the patterns missed ('U.S.C.', 'Fed. Reg.', 'Pub. L.'); a sign just after a mention (its pinpoint, 'EO 12333, § 2.3') or opening a clause (its number) is left out. `made up`: citations resolved only to a record the build made for want of a registry entry: a section of an act that neither the act's curated sections nor crosswalks/sections.json map to the Code, or an act named without a citation the registry knows. Click `evidence` to read the place highlighted. Give :document to see one document (empty for all).
-- example: document=
with signs(sign, problem) as (values
  ('Id. ', 'short form with nothing to point back to'), (' id. ', 'short form with nothing to point back to'),
  ('supra', 'short form with nothing to point back to'), ('Ibid', 'short form with nothing to point back to'),
  ('reference (', 'reference to a list of references'), ('Reference (', 'reference to a list of references'),
  ('Section ', 'local or cross reference'), ('section ', 'local or cross reference'),
  ('subsection (', 'local or cross reference'), ('paragraph (', 'local or cross reference'), ('§', 'local or cross reference'),
  ('U.S.C.', 'formal citation not recognised'), ('C.F.R.', 'formal citation not recognised'),
  ('Fed. Reg.', 'formal citation not recognised'), ('Stat.', 'formal citation not recognised'), ('Pub. L.', 'formal citation not recognised')
),
hits as (
  select sentences.document_id, sentences.id as sentence_id, sentences.clause_id, sentences.start, sentences.end, sentences.text,
         signs.sign, signs.problem, sentences.start + instr(sentences.text, signs.sign) - 1 as at
  from sentences join signs on instr(sentences.text, signs.sign) > 0
  where sentences.role <> 'heading'
    and sentences.document_id in (select id from documents where coalesce(:document, '') in ('', id))
)
select 'unrecognised' as kind, hits.problem, trim(hits.sign) as written_as, null as made_up_id,
       documents.title as document, clauses.designation as clause, hits.text as evidence,
       hits.document_id, hits.start as evidence_start, hits.end as evidence_end, null as mention_id
from hits
join documents on documents.id = hits.document_id
left join clauses on clauses.id = hits.clause_id
where not exists (select 1 from mentions where mentions.document_id = hits.document_id
                    and mentions.start <= hits.at + length(hits.sign) - 1 and mentions.end > hits.at)
  and not exists (select 1 from mentions where mentions.document_id = hits.document_id
                    and mentions.end <= hits.at and mentions.end >= hits.at - 3 and mentions.authority_id is not null)
  and not exists (select 1 from clauses opening where opening.document_id = hits.document_id and opening.start = hits.at)
union all
select 'made up', case when mentions.method = 'section' then 'section not mapped to the Code' else 'act not in the registry' end,
       mentions.surface, mentions.authority_id, documents.title, clauses.designation, sentences.text,
       mentions.document_id, sentences.start, sentences.end, mentions.id
from mentions
join authorities on authorities.id = mentions.authority_id and authorities.curated = 0
join documents on documents.id = mentions.document_id
left join sentences on sentences.id = mentions.sentence_id
left join clauses on clauses.id = mentions.clause_id
where (mentions.method = 'section' or mentions.authority_id like '%/act/%')
  and mentions.document_id in (select id from documents where coalesce(:document, '') in ('', id))
order by kind desc, document, evidence_start
