-- title: Commitments whose strength changed between versions
-- description: Clauses of a new version (front matter `supersedes:`) matched to the clause they revise whose claims bind differently: a different modality (commitment, prohibition, permission, assurance, hedge; plain statements of fact left out), conditions, exceptions or scope limits added, dropped or reworded ('unless the Board approves in writing', 'consistent with applicable law'), or a hedge ('We believe') added or dropped. `changed` says which. A clause whose words changed but whose strength did not is left out. Give :document (the newer version) to see one document (empty for all).
-- example: document=
with pairs as (
  select clause_diffs.document_id, clause_diffs.new_clause_id, clause_diffs.old_clause_id, clause_diffs.new_text, clause_diffs.old_text
  from clause_diffs
  where clause_diffs.new_clause_id is not null and clause_diffs.old_clause_id is not null
    and clause_diffs.document_id in (select id from documents where coalesce(:document, '') in ('', id))
),
clause_ids(id) as (select new_clause_id from pairs union select old_clause_id from pairs),
-- a clause's own claims (claims.clause_id is the innermost clause), as the diff compares its own text
strength as (
  select clause_ids.id as clause_id,
         coalesce((select group_concat(modality, ', ') from (
                     select distinct claims.modality from claims
                     where claims.clause_id = clause_ids.id and claims.modality <> 'factual' order by claims.modality)), '') as modality,
         coalesce((select group_concat(kind || ': ' || surface, '; ') from (
                     select conditions.kind, conditions.surface from conditions join claims on claims.id = conditions.claim_id
                     where claims.clause_id = clause_ids.id order by conditions.start)), '') as conditions,
         coalesce((select group_concat(hedge_cue, '; ') from (
                     select claims.hedge_cue from claims
                     where claims.clause_id = clause_ids.id and claims.hedged = 1 order by claims.start)), '') as hedges
  from clause_ids
)
select documents.title as document, new_clause.designation as clause,
       nullif(old_clause.designation, new_clause.designation) as was_clause,
       trim(case when old.modality <> new.modality then 'modality, ' else '' end
            || case when old.conditions <> new.conditions then 'conditions, ' else '' end
            || case when old.hedges <> new.hedges then 'hedges' else '' end, ', ') as changed,
       old.modality as old_modality, new.modality as new_modality,
       old.conditions as old_conditions, new.conditions as new_conditions,
       old.hedges as old_hedges, new.hedges as new_hedges,
       pairs.old_text, pairs.new_text, pairs.new_clause_id, pairs.old_clause_id
from pairs
join strength old on old.clause_id = pairs.old_clause_id
join strength new on new.clause_id = pairs.new_clause_id
join documents on documents.id = pairs.document_id
join clauses new_clause on new_clause.id = pairs.new_clause_id
join clauses old_clause on old_clause.id = pairs.old_clause_id
where old.modality <> new.modality or old.conditions <> new.conditions or old.hedges <> new.hedges
order by documents.path, new_clause.start
