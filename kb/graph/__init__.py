"""Analyse: the stored tables as a graph of nodes and edges, its metrics, red-line support and exports.

``derive`` writes ``nodes``, ``edges``, ``node_metrics`` and the red-line
analyses into the database at build time; ``pagerank`` ranks nodes on integer
arrays; ``export`` loads the graph into networkx and writes GraphML and JSON.
"""
