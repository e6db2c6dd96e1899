"""Store: records to ``kb.db``. ``schema`` declares the tables; ``write`` creates, fills and replaces the file.

Only this package (and the stages after it) touch SQLite: extraction returns
records, the store writes them.
"""
