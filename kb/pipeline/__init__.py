"""Orchestration: a corpus folder in, ``kb.db`` out.

``extract`` runs one document through segment, recognise, resolve and link;
``workers`` runs it in worker processes; ``build`` loads the corpus, decides
what to parse (``incremental``), writes, derives the graph and reports
(``changes``, ``versions``); ``progress`` draws the command line's bar.
"""
