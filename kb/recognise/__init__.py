"""spaCy components of the project, registered as factories on import.

Each component reads its patterns from ``corpus/`` data (``data_dir`` in its
config) and records what it finds on the ``Doc``; none touches the database.
"""

from kb.recognise import authorities, organizations, sentences  # noqa: F401

__all__ = ["authorities", "organizations", "sentences"]
