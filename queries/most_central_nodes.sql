-- title: The most central nodes
-- description: Nodes of the linked graph by PageRank (networkx's algorithm, computed at build time), optionally of one :kind (authority, claim, clause, ...; empty for all).
-- example: kind=
select node_metrics.id as node_id, node_metrics.kind, node_metrics.label, node_metrics.pagerank, node_metrics.degree,
       node_metrics.in_degree, node_metrics.out_degree
from node_metrics
where coalesce(:kind, '') = '' or node_metrics.kind = :kind
order by node_metrics.pagerank desc
limit 50
