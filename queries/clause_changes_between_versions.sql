-- title: What changed between two versions of a document?
-- description: Clauses added, removed, changed or moved between two versions of a document (front matter `supersedes:`), each with its word diff ([-removed-]{+added+}) and both texts. :document is either version's id or title, older or newer (left empty: every pair of versions in the corpus); a document with several versions gives each pair. When there is nothing to show, one row's `note` says why: no document has that id or title, the document has no other version, or the versions' clauses are the same.
-- example: document=harbor-services-agreement-v1
with asked as (
  select id from documents
  where id = trim(:document) or lower(title) = lower(trim(:document))
    or (trim(:document) = '' and trim(coalesce(supersedes, '')) <> '')  -- no document named: every newer version
),
versions as (  -- only documents that name a version they supersede are looked at as the newer one
  select newer.id as newer, older.id as older
  from (select id, supersedes from documents where trim(coalesce(supersedes, '')) <> '') as newer
  join documents as older
    on older.id <> newer.id and instr(' ' || newer.supersedes || ' ', ' ' || older.id || ' ') > 0
  where newer.id in (select id from asked) or older.id in (select id from asked)
),
answer as (
  select
    versions.newer, versions.older, clause_diffs.change,
    coalesce(new_clause.designation, old_clause.designation) as designation,
    clause_diffs.path, clause_diffs.old_path, clause_diffs.title, clause_diffs.diff,
    clause_diffs.old_text, clause_diffs.new_text, clause_diffs.new_clause_id, clause_diffs.old_clause_id,
    null as note, clause_diffs.rowid as sort
  from versions
  join clause_diffs on clause_diffs.document_id = versions.newer and clause_diffs.supersedes_id = versions.older
  left join clauses as new_clause on new_clause.id = clause_diffs.new_clause_id
  left join clauses as old_clause on old_clause.id = clause_diffs.old_clause_id
  union all
  select
    versions.newer, versions.older, null, null, null, null, null, null, null, null, null, null,
    'The two versions have the same clauses, word for word and number for number.', 0
  from versions
  where not exists (
    select 1 from clause_diffs where clause_diffs.document_id = versions.newer and clause_diffs.supersedes_id = versions.older
  )
  union all
  select
    asked.id, null, null, null, null, null, null, null, null, null, null, null,
    asked.id || ' has no other version: no document''s front matter says `supersedes: ' || asked.id || '`'
      || case
        when documents.supersedes is null or trim(documents.supersedes) = '' then ', and its own names none.'
        else ', and the document its own names (' || documents.supersedes || ') is not in the knowledge base.'
      end,
    0
  from asked join documents on documents.id = asked.id
  where not exists (select 1 from versions where versions.newer = asked.id or versions.older = asked.id)
  union all
  select
    null, null, null, null, null, null, null, null, null, null, null, null,
    case when trim(:document) = '' then 'No document names another as the version it supersedes (front matter `supersedes:`).'
      else 'No document has the id or title ' || quote(:document) || '.' end, 0
  where not exists (select 1 from asked)
)
select
  newer, older, change, designation, path, old_path, title, diff, old_text, new_text, new_clause_id, old_clause_id, note
from answer
order by newer, older, sort
