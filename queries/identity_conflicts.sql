-- title: Which ties between citation forms did the build refuse?
-- description: Evidence the identity stage did not follow, for audit: a tie a document writes (an act's name and its public law, a section and its Code section) that, united with every other document's ties, would make one record of two authorities: two curated records, two public laws or two Code sections, as when one document ties "the Paperwork Reduction Act" to Pub. L. 96-511 and another to Pub. L. 104-13. clashing lists the records that cannot be one, reason says why; none of that class's forms is merged across documents, and each document keeps what its own words say (kept_here). Give :authority (an id, name or citation) for the conflicts touching one authority, empty for all.
-- example: authority=
select c.reason, c.clashing, c.rule, c.stated_authority_id as kept_here, c.equivalent_id as other_form,
       c.surface as evidence, documents.title as document, c.start, c.end
from identity_conflicts c
join documents on documents.id = c.document_id
where coalesce(:authority, '') = ''
   or exists (select 1 from authority_lookup l where l.key = lower(trim(:authority))
              and (l.authority_id in (c.stated_authority_id, c.equivalent_id)
                   or instr(', ' || c.clashing || ', ', ', ' || l.authority_id || ', ') > 0))
order by c.clashing, documents.path, c.start
