-- title: What changed between two versions of a document?
-- description: Clauses added, removed, changed or moved in :document compared with the document it supersedes (front matter `supersedes:`), with both texts, in the newer version's order.
-- example: document=harbor-services-agreement-v2
select
  clause_diffs.change,
  clause_diffs.path,
  clause_diffs.old_path,
  clause_diffs.title,
  clause_diffs.old_text,
  clause_diffs.new_text,
  clause_diffs.supersedes_id,
  clause_diffs.new_clause_id,
  clause_diffs.old_clause_id
from clause_diffs
where clause_diffs.document_id = :document
order by clause_diffs.rowid
