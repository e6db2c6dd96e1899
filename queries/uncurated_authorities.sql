-- title: Authorities cited but not in the registry
-- description: Authorities made from citations found in the documents (not curated), with how often and where they are cited: candidates for curation.
-- The build settles each authority's count of mentions (authorities.citations), of documents and its spellings
-- (authority_citations); the authorities are read most cited first from their index, so rows stream out in order.
select authorities.id as authority_id, authorities.name, authorities.kind, authorities.citation, authorities.url,
       authorities.citations as mentions, coalesce(authority_citations.documents, 0) as documents,
       authority_citations.written_as
from (select id from authorities where curated = 0 order by citations desc, id limit -1) uncurated  -- limit keeps the order
cross join authorities on authorities.id = uncurated.id
left join authority_citations on authority_citations.id = authorities.id
