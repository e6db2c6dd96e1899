"""Load: corpus files to ``Document`` records, with front matter apart and every bad file named.

``readers`` turns a file's bytes into text by file type; ``load`` splits off
front matter, validates it and collects the corpus.
"""

from kb.corpus.load import BadCorpus, Corpus, CorpusError, document_paths, documents_dir, load_corpus, load_document

__all__ = ["BadCorpus", "Corpus", "CorpusError", "document_paths", "documents_dir", "load_corpus", "load_document"]
