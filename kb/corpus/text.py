"""Plain text and markdown files: UTF-8 with optional YAML front matter."""

from __future__ import annotations

from pathlib import Path

from kb.corpus.front_matter import parse_front_matter
from kb.corpus.reading import Reading, decode_utf8


def read_text_with_front_matter(raw: bytes, path: Path) -> Reading:
    """Plain text and markdown: UTF-8, optional front matter, the rest kept exactly as written.

    Markdown is not rendered: headings, lists and emphasis marks stay in the
    text, where segmentation reads them as structure and offsets stay exact.
    """
    decoded = decode_utf8(raw, path)
    metadata, body_offset = parse_front_matter(decoded, path)
    return Reading(decoded[body_offset:], metadata, body_offset)
