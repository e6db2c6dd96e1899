"""Fuzz the extraction with generated documents: crashes, provenance violations, peak memory, slowest document.

Each document mixes real citation forms, markdown structure, lists, Q/A lines
and front-matter-like lines with random Unicode (dotted and dotless I,
right-to-left text, combining marks, no-break and zero-width spaces, text
without spaces). Seeded, so a run can be repeated::

    python -m tools.fuzz --documents 10000 --seed 1
"""

from __future__ import annotations

import argparse
import random
import resource
import time
import traceback
from dataclasses import fields

from kb.models import SPAN_FIELDS, Document, Record
from kb.pipeline.extract import extract
from kb.recognise.nlp import build_pipeline

PIECES = (
    "50 U.S.C. § 1881a", "Executive Order 12333", "the Fourth Amendment", "FISA", "DoDD 3000.09", "Pub. L. 95-511",
    "92 Stat. 1783", "18 U.S.C. §§ 2510-2523", "Carpenter v. United States, 585 U.S. 296 (2018)", "Id. at 310",
    "48 CFR 52.204-21", "section 2511 of this title", "Reference (c)", "ICD 503", "the Establishment Clause",
    "consistent with applicable law", "the Posse Comitatus Act", "U.S.C.", "§", "Section 702", "(a)", "(iv)", "1.",
    "# Heading", "## FAQ", "- item", "* item", "• item", "Q: Will it?", "A: No.", "---", "title: x", "**Bold?**",
    "We will not", "shall not", "where law or policy requires", "İstanbul", "ı", "ǅ", "ﬁ", "ß", "\u05e9\u05dc\u05d5\u05dd",
    "\u0627\u0644\u0642\u0627\u0646\u0648\u0646", "e\u0301", "\u00a0", "\u200b", "\u202e", "\t", "\r\n", "\n", "\n\n", " ", ".", "?",
    "\u201c", "\u201d", "SECRET//NOFORN", "(U//FOUO)",
)
RANDOM_CHARS = "".join(map(chr, [*range(0x20, 0x7f), 0xa0, 0x130, 0x131, 0x17f, 0x212a, 0x301, 0x5d0, 0x627, 0x4e00, 0x1f600]))


def document_text(rng: random.Random) -> str:
    """One generated document: up to 120 pieces, some random runs, now and then a long text without spaces."""
    parts = []
    for _ in range(rng.randint(1, 120)):
        roll = rng.random()
        if roll < 0.7:
            parts.append(rng.choice(PIECES))
        elif roll < 0.98:
            parts.append("".join(rng.choice(RANDOM_CHARS) for _ in range(rng.randint(1, 12))))
        else:
            parts.append(rng.choice(("U.S.C.", "§", "(a)", "İ")) * rng.randint(50, 2000))
    return "".join(parts)


def violations(text: str, records: list[Record]) -> list[str]:
    """Records whose offsets do not reproduce their text."""
    bad = []
    for record in records:
        names = {f.name for f in fields(record)}
        if "document_id" not in names:
            continue
        for start, end, surface in SPAN_FIELDS:
            if {start, end, surface} <= names and getattr(record, surface) is not None:
                if text[getattr(record, start):getattr(record, end)] != getattr(record, surface):
                    bad.append(f"{record.TABLE}.{surface} {record.id}")
    return bad


def main(argv: list[str] | None = None) -> None:
    """Run the fuzzer and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng, nlp = random.Random(args.seed), build_pipeline()
    crashes, broken, slowest, characters = 0, 0, (0.0, 0, 0), 0
    began = time.perf_counter()
    for number in range(args.documents):
        text = document_text(rng)
        if not text.strip():
            continue
        characters += len(text)
        document = Document(id=f"fuzz-{number}", path=f"fuzz-{number}.txt", title="Fuzz", text=text, sha256="0")
        start = time.perf_counter()
        try:
            records = extract(document, nlp)
        except Exception:  # a fuzzer counts every crash, whatever its kind
            crashes += 1
            print(f"crash in document {number} (seed {args.seed}):\n{traceback.format_exc()}")
            continue
        seconds = time.perf_counter() - start
        slowest = max(slowest, (seconds, number, len(text)))
        if bad := violations(text, records):
            broken += 1
            print(f"provenance violated in document {number}: {bad[:5]}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.documents} documents, {characters:,} characters, seed {args.seed}, {time.perf_counter() - began:.0f} s")
    print(f"crashes: {crashes}; documents with provenance violations: {broken}; peak memory: {peak_mb:.0f} MB")
    print(f"slowest: document {slowest[1]} ({slowest[2]:,} characters) in {slowest[0]:.2f} s")


if __name__ == "__main__":
    main()
