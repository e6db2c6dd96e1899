-- title: Authorities cited but not in the registry
-- description: Authorities made from citations found in the documents (not curated), with how often and where they are cited: candidates for curation.
-- The order comes from authorities.citations (the build's count of each one's mentions); the documents and
-- spellings are looked up only for the rows returned, in that order, rather than for every authority first.
select authorities.id as authority_id, authorities.name, authorities.kind, authorities.citation, authorities.url,
       authorities.citations as mentions,
       (select count(distinct mentions.document_id) from mentions where mentions.authority_id = authorities.id) as documents,
       (select group_concat(distinct mentions.surface) from mentions where mentions.authority_id = authorities.id) as written_as
from (select id from authorities where curated = 0 order by citations desc, id limit -1) uncurated  -- limit keeps the order
cross join authorities on authorities.id = uncurated.id
