-- title: Authorities bound up with an authority
-- description: Every authority reachable from :authority (an id, a name, a short name such as FISA, a citation or any alias) through codified_at, amends, implements, supersedes and part_of links, in either direction, with the path that connects them and how often the documents cite each (`citations`: it and its parts, as authorities.citations_rolled_up).
-- example: authority=FISA
with recursive start_node(id) as (
  select authority_id from authority_lookup where key = lower(trim(:authority))
),
walk(id, depth, path) as (
  select id, 0, id from start_node
  union
  select case when r.source_id = walk.id then r.target_id else r.source_id end,
         walk.depth + 1,
         walk.path || ' -' || r.relation || (case when r.source_id = walk.id then '-> ' else '<- ' end)
           || (case when r.source_id = walk.id then r.target_id else r.source_id end)
  from walk join authority_relations r on walk.id in (r.source_id, r.target_id)
  where walk.depth < 4
    and instr(walk.path, case when r.source_id = walk.id then r.target_id else r.source_id end) = 0
)
select walk.id as authority_id, authorities.name, authorities.kind, min(walk.depth) as depth, walk.path,
       authorities.citations_rolled_up as citations
from walk join authorities on authorities.id = walk.id
group by walk.id
order by depth, walk.id
