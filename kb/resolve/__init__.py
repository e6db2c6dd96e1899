"""Resolve: recognised spans to one canonical authority record each, with the mentions that cite it."""

from kb.resolve.authorities import resolve_mentions

__all__ = ["resolve_mentions"]
