"""The exit codes of the ``kb`` commands, shared by the command line and the resident build that reads them."""

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_SKIPPED, EXIT_WRITE_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
"""Exit codes: 0 built, served, watched or checked; 1 bad corpus or reference data, or a Dask cluster that cannot
do the build (nothing written); 2 bad arguments (or --executor dask without Dask); 3 built, but bad
documents were skipped (--keep-going); 4 the database could not be written (disk full, file too
large, I/O error, no permission; nothing written); 130 interrupted (nothing written)."""
