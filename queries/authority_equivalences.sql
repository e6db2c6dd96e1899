-- title: Why are two citation forms one authority?
-- description: Every merge of two forms of one act (a name and its public law, a public law and its Statutes-at-Large page) with the words that justified it. Give :authority (an id, name or citation) to see one authority's merges, :document for one document (empty for all).
-- example: authority= document=
select authorities.name as authority, authority_equivalences.authority_id,
       authority_equivalences.equivalent_id as merged_form, authority_equivalences.rule,
       authority_equivalences.surface as evidence, documents.title as document,
       authority_equivalences.start, authority_equivalences.end
from authority_equivalences
join authorities on authorities.id = authority_equivalences.authority_id
join documents on documents.id = authority_equivalences.document_id
where (coalesce(:authority, '') = ''
       or authority_equivalences.authority_id in (select authority_id from authority_lookup where key = lower(trim(:authority))))
  and authority_equivalences.document_id in (select id from documents where coalesce(:document, '') in ('', id))
order by authorities.name, documents.path, authority_equivalences.start
