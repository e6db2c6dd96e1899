-- title: Stated dates that disagree with the registry
-- description: Mentions that state a date for an authority ("dated 25 Jan 2023") which differs from the date in the registry, and all stated dates for review.
-- The mentions that state a date are read as a range of the index led by stated_date, which holds every column
-- shown of them, instead of being found among every mention.
select documents.title as document, mentions.surface, mentions.stated_date, authorities.name as authority,
       authorities.date as registry_date, mentions.date_mismatch
from mentions
cross join documents on documents.id = mentions.document_id
left join authorities on authorities.id = mentions.authority_id
where mentions.stated_date >= ''  -- every stated date (text; NULL when none), as a range of the index
order by mentions.date_mismatch desc, documents.path, mentions.start
