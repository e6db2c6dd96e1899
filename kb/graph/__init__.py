"""Analyse: the stored tables as a graph of nodes and edges, its metrics, red-line support and exports.

``derive`` writes ``nodes``, ``edges``, ``node_metrics`` and the red-line
analyses into the database at build time; ``pagerank`` ranks nodes on integer
arrays; ``network`` reads the citation network (documents, authorities and
their relations, without the units in between) that the network page draws;
``export`` loads the whole graph or that network into networkx and writes
GraphML, GEXF and JSON.
"""
