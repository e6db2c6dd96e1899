-- title: Why are two citation forms one authority?
-- description: Every merge of two forms of one authority (an act's name and its public law, a public law and its Statutes-at-Large page, a Code "et seq." and its act, an act's section and its Code section) with the words that justified it. The build unites every document's evidence, so a tie written in one document also joins the forms other documents cite alone: kept_here is the id the evidence's own document kept, authority_id the record the whole corpus's evidence keeps, and other_documents counts the other documents whose mentions of these forms cite authority_id because of such evidence rather than their own words (0: the merge stays inside its document). Give :authority (an id, name or citation, a merged form's too) to see all of one authority's evidence, :document for one document (empty for all).
-- example: authority= document=
select authorities.name as authority, e.authority_id, e.stated_authority_id as kept_here,
       e.equivalent_id as merged_form, e.rule, e.surface as evidence, documents.title as document,
       (select count(distinct m.document_id) from mentions m
        where m.stated_authority_id in (e.equivalent_id, e.stated_authority_id)
          and m.stated_authority_id <> e.authority_id and m.document_id <> e.document_id) as other_documents,
       e.start, e.end
from authority_equivalences e
join authorities on authorities.id = e.authority_id
join documents on documents.id = e.document_id
where (coalesce(:authority, '') = ''
       or e.authority_id in (select authority_id from authority_lookup where key = lower(trim(:authority))))
  and e.document_id in (select id from documents where coalesce(:document, '') in ('', id))
order by authorities.name, documents.path, e.start
