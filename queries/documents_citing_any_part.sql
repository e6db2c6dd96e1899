-- title: Documents citing an authority or any part of it
-- description: Every document that cites :authority (an id, name, short name or alias) or any of its parts, most citations first: a part is an authority linked to it by part_of (Section 702 of FISA, the Constitution's amendments) or whose id extends its id by a path (us/pl/107/347/s208 of us/pl/107/347; a version, linked by supersedes, is not a part), and parts of parts (the authority_parts table). `parts_cited` names what each document cites; the counts add up to the authority's `citations_rolled_up` and `citing_documents` in the authorities table.
-- example: authority=us/const
with wanted(id) as (
  select authority_id from authority_lookup where key = lower(trim(:authority))
),
parts(id) as (
  select id from wanted
  union
  select authority_parts.part_id from authority_parts join wanted on wanted.id = authority_parts.authority_id
)
select documents.title as document, count(*) as citations,
       group_concat(distinct coalesce(authorities.short_name, authorities.name)) as parts_cited,
       group_concat(distinct mentions.surface) as written_as,
       mentions.document_id, min(mentions.id) as mention_id
-- The mentions of the authority and its parts are found through the index on their authority, then put in
-- text order (as a scan of every mention would meet them), so each document's lists read in the order they are written.
from (select mentions.id, mentions.authority_id, mentions.document_id, mentions.surface
      from parts cross join mentions on mentions.authority_id = parts.id
      order by mentions.document_id, mentions.start, mentions.rowid limit -1) mentions
join authorities on authorities.id = mentions.authority_id
join documents on documents.id = mentions.document_id
group by mentions.document_id
order by citations desc, documents.path
