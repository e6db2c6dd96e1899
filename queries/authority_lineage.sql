-- title: Authorities bound up with an authority
-- description: Every authority reachable from :authority (id or short name) through codified_at, amends, implements, supersedes and part_of links, in either direction, with the path that connects them.
with recursive start_node(id) as (
  select id from authorities
  where lower(:authority) in (lower(id), lower(coalesce(short_name, '')), lower(name))
  union
  select authority_id from authority_aliases where lower(alias) = lower(:authority)
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
select walk.id, authorities.name, authorities.kind, min(walk.depth) as depth, walk.path
from walk join authorities on authorities.id = walk.id
group by walk.id
order by depth, walk.id
