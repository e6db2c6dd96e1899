"""Serving: Datasette configuration and the project's plugin (reads ``kb.db`` only)."""
