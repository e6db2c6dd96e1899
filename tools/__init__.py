"""Developer tools beside the package: benchmark, A/B compare, evaluation scorers, README generator.

Run them through ``make bench``, ``make compare``, ``make evaluate`` and ``make readme``; nothing in ``kb/`` imports them.
"""
