-- title: Which documents cite another document of the corpus, and where inside it?
-- description: Cross-references between corpus documents: every mention of an authority that another corpus document is the text of (documents.authority_id: an executive order, a DoD issuance, a statute chapter), or of a part of it (authority_parts), with the unit of the cited document its pinpoint names when one has that designation ("section 3(c) of Executive Order 14999" reaches the clause "Sec. 3(c)"). :document limits the answer to one citing or cited document (its id or title); left empty it lists them all.
-- example: document=
with units as (  -- each clause of a document that is an authority, its designation compared without "Sec.", "section", "§", spaces or a final full stop
  select clauses.id, clauses.document_id, clauses.designation, clauses.start,
         rtrim(replace(replace(replace(replace(lower(clauses.designation), 'section ', ''), 'sec. ', ''), '§', ''), ' ', ''), '.') as pin
  from clauses join documents on documents.id = clauses.document_id
  where documents.authority_id is not null
),
pinned as (
  select mentions.id as mention_id, mentions.document_id as citing, cited.id as cited, mentions.surface,
         mentions.pinpoint, mentions.authority_id,
         rtrim(replace(replace(replace(replace(lower(coalesce(mentions.pinpoint, '')), 'section ', ''), 'sec. ', ''), '§', ''), ' ', ''), '.') as pin
  from documents as cited
  join mentions on mentions.document_id <> cited.id
    and (mentions.authority_id = cited.authority_id
         or mentions.authority_id in (select part_id from authority_parts where authority_parts.authority_id = cited.authority_id))
  where cited.authority_id is not null
    and (trim(:document) = ''
         or trim(:document) in (mentions.document_id, cited.id)
         or lower(trim(:document)) in (select lower(title) from documents where id in (mentions.document_id, cited.id)))
),
reached as (  -- the first unit of the cited document whose designation is the pinpoint
  select pinned.mention_id, pinned.cited, (select units.id from units
                             where units.document_id = pinned.cited and pinned.pin <> '' and units.pin = pinned.pin
                             order by units.start limit 1) as clause_id
  from pinned
)
select citing_document.title as citing, pinned.surface as written_as, pinned.pinpoint,
       cited_document.title as cited, cited_document.authority_id as cited_authority_id,
       units.designation as unit, reached.clause_id,
       pinned.citing as document_id, pinned.cited as cited_document_id, pinned.mention_id
from pinned
join reached on reached.mention_id = pinned.mention_id and reached.cited = pinned.cited
left join units on units.id = reached.clause_id
join documents as citing_document on citing_document.id = pinned.citing
join documents as cited_document on cited_document.id = pinned.cited
order by citing_document.path, pinned.mention_id
