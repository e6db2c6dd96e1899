-- title: Documents citing an authority or any part of it
-- description: Every document that cites :authority (an id, name, short name or alias) or any of its parts, most citations first: a part is an authority linked to it by part_of (Section 702 of FISA, the Constitution's amendments) or whose id extends its id by a path (us/pl/107/347/s208 of us/pl/107/347; a version, linked by supersedes, is not a part), and parts of parts (the authority_parts table). `parts_cited` names what each document cites; the counts add up to the authority's `citations_rolled_up` and `citing_documents` in the authorities table.
-- example: authority=us/const
with wanted(id) as (
  select authority_id from authority_lookup where key = lower(trim(:authority))
),
-- The authority every other one the name gives is a part of (a name may give a whole and its part: 'u.s. const. amend. i'),
-- whose settled rows (authority_document_citations) count them all; the smallest id if two are parts of each other.
settled(id) as (
  select min(id) from wanted
  where not exists (select 1 from wanted other where other.id != wanted.id
                    and other.id not in (select part_id from authority_parts where authority_parts.authority_id = wanted.id))
  having min(id) is not null
),
parts(id) as (
  select id from wanted where not exists (select 1 from settled)
  union
  select authority_parts.part_id from authority_parts join wanted on wanted.id = authority_parts.authority_id
  where not exists (select 1 from settled)
)
select * from (
  select documents.title as document, cited.citations,
         (select group_concat(distinct name) from (
            select coalesce(authorities.short_name, authorities.name) as name
            from json_each(cited.cited_ids) as part join authorities on authorities.id = part.value order by part.key)) as parts_cited,
         cited.written_as, cited.document_id, cited.mention_id
  from authority_document_citations cited
  join documents on documents.id = cited.document_id
  -- read most cited first from the index, ties put in path order as they come, so the first rows need not wait for the last
  where cited.authority_id = (select id from settled)
  order by cited.citations desc, documents.path
)
union all
-- Names that give authorities none of which holds the others count their mentions here, in text order.
select * from (
  select documents.title as document, count(*) as citations,
         group_concat(distinct coalesce(authorities.short_name, authorities.name)) as parts_cited,
         group_concat(distinct mentions.surface) as written_as,
         mentions.document_id, min(mentions.id) as mention_id
  from (select mentions.id, mentions.authority_id, mentions.document_id, mentions.surface
        from parts cross join mentions on mentions.authority_id = parts.id
        order by mentions.document_id, mentions.start, mentions.rowid limit -1) mentions
  join authorities on authorities.id = mentions.authority_id
  join documents on documents.id = mentions.document_id
  group by mentions.document_id
  order by citations desc, documents.path
)
