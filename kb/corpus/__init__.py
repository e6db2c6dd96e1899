"""Load: corpus files to ``Document`` records, with front matter apart and every bad file named.

``readers`` turns a file's bytes into text and metadata by file type (the
seam new formats plug into; ``front_matter`` parses the ``---`` block of text
files); ``load`` finds the files, validates what the readers return and
collects the corpus; ``errors`` names what went wrong, by file and line.
"""

from kb.corpus.errors import BadCorpus, CorpusError
from kb.corpus.load import Corpus, document_paths, documents_dir, load_corpus, load_document

__all__ = ["BadCorpus", "Corpus", "CorpusError", "document_paths", "documents_dir", "load_corpus", "load_document"]
