-- title: What a directive implements, and what implements it
-- description: For :authority (a directive, instruction, memorandum, order or act; an id, name or alias), the authorities it implements and those that implement it or any of its parts (Section 702 of FISA, an order's sections), from the curated implements links: each with the link as a sentence, how often the corpus cites it (itself and its parts) and the documents that cite both. An authority cited by none of the documents still shows, with 0.
-- example: authority=us/dod/dodi/3025.21
with wanted(id) as (
  select authority_id from authority_lookup where key = lower(trim(:authority))
),
parts(id) as (  -- the authority and its parts (authority_parts)
  select id from wanted
  union
  select authority_parts.part_id from authority_parts join wanted on wanted.id = authority_parts.authority_id
),
related(direction, authority_id, source_id, target_id) as (
  select 'implements', authority_relations.target_id, authority_relations.source_id, authority_relations.target_id
  from authority_relations join wanted on wanted.id = authority_relations.source_id
  where authority_relations.relation = 'implements'
  union
  select 'implemented by', authority_relations.source_id, authority_relations.source_id, authority_relations.target_id
  from authority_relations join parts on parts.id = authority_relations.target_id
  where authority_relations.relation = 'implements'
)
select related.direction, authorities.name, authorities.kind,
       coalesce(source.short_name, source.name) || ' implements ' || coalesce(target.short_name, target.name) as link,
       authorities.citations_rolled_up as citations, authorities.citing_documents,
       (select group_concat(title, '; ') from (
          select documents.title from documents
          where documents.id in (select mentions.document_id from mentions where mentions.authority_id = related.authority_id)
            and documents.id in (select mentions.document_id from mentions join parts on parts.id = mentions.authority_id)
          order by documents.rowid)
       ) as cited_together_in,  -- the documents found from the two authorities' mentions, not each document tried
       related.authority_id
from related
join authorities on authorities.id = related.authority_id
join authorities source on source.id = related.source_id
join authorities target on target.id = related.target_id
order by related.direction, authorities.citations_rolled_up desc, authorities.name
