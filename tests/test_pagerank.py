"""kb.graph.pagerank gives networkx's PageRank on the same links."""

from __future__ import annotations

import random

import networkx as nx
import numpy
import pytest

from kb.graph.pagerank import pagerank


def _graph(seed: int, nodes: int, links: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    rng = random.Random(seed)
    pairs = [(rng.randrange(nodes), rng.randrange(nodes)) for _ in range(links)]
    return numpy.array([s for s, _ in pairs]), numpy.array([t for _, t in pairs])


@pytest.mark.parametrize("seed, nodes, links", [
    (1, 50, 200),   # dense: every node has links, parallel links and self-loops among them
    (2, 500, 300),  # sparse: most nodes dangling or isolated
    (3, 2000, 6000),
])
def test_pagerank_equals_networkx(seed, nodes, links):
    sources, targets = _graph(seed, nodes, links)
    graph = nx.DiGraph()
    graph.add_nodes_from(range(nodes))
    graph.add_edges_from(zip(sources.tolist(), targets.tolist()))
    expected = nx.pagerank(graph)
    ours = pagerank(sources, targets, nodes)
    assert ours.sum() == pytest.approx(1.0)
    assert numpy.allclose(ours, [expected[i] for i in range(nodes)], rtol=0, atol=1e-12)


def test_pagerank_parallel_links_count_once():
    once = pagerank(numpy.array([0, 1]), numpy.array([1, 2]), 3)
    twice = pagerank(numpy.array([0, 0, 1]), numpy.array([1, 1, 2]), 3)
    assert numpy.array_equal(once, twice)


def test_pagerank_without_links_is_uniform():
    assert numpy.allclose(pagerank(numpy.array([], dtype=int), numpy.array([], dtype=int), 4), 0.25)
    assert pagerank(numpy.array([], dtype=int), numpy.array([], dtype=int), 0).size == 0
