"""Rebuild the knowledge base: ``python build.py --corpus corpus --db kb.db`` (see ``--help``)."""

import sys

from kb.cli import build_command

if __name__ == "__main__":
    sys.exit(build_command(sys.argv[1:]))
