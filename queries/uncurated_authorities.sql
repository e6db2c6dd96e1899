-- title: Authorities cited but not in the registry
-- description: Authorities made from citations found in the documents (not curated), with how often and where they are cited: candidates for curation.
select authorities.id as authority_id, authorities.name, authorities.kind, authorities.citation, authorities.url,
       count(mentions.authority_id) as mentions, count(distinct mentions.document_id) as documents,
       group_concat(distinct mentions.surface) as written_as
from authorities
left join mentions on mentions.authority_id = authorities.id
where authorities.curated = 0
group by authorities.id
order by mentions desc, authorities.id
