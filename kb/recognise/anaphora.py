"""'the Act', 'the Order', 'that directive', 'the Resolution', a bare 'section 2.3': the one authority of that kind the paragraph has cited.

Opinions and memos cite an act once and then write "the Act" ("When an
agency fails to comply with the Act ..."); orders and directives likewise.
Such a word points at an authority only through its context, so it counts
only when that context is unambiguous: exactly one act (order, directive)
cited earlier in the same paragraph. A section numbered with a point and no
owner after it ("Under section 2.3, an element may ...") is an order's or an
issuance's, never the Code's, so it is a pinpoint of the one order or
issuance cited there before it; when nothing at all is cited in its paragraph
before it ("For NSA, the procedures that section 2.3 requires are ..."
opening the paragraph after the order's), the paragraph before counts as
well. With none, or with two different ones,
it is left alone, as is any word a document defines for itself ('(the
"Act")'), which ``defined_short_forms`` reads first. The pattern, the kinds
each word stands for and the paragraph break are data
(``corpus/patterns/authorities.json``, ``anaphora``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.recognise.spans import Candidate, compile_piece
from kb.reference import load_json

STATUTES_AT_LARGE = "us/stat/"
"""A Statutes-at-Large page is written beside its act ("Pub. L. No. 93-579, 88 Stat. 1896"), not another act."""

TERMS = {"act": "act", "order": "order", "directive": "directive", "resolution": "resolution"}
"""The anaphoric word, lower case, to its class in the data's ``kinds``."""

CODE_UNITS = "us/usc/"
"""A Code title, chapter or section cited by number is where acts are codified, not an act a note's 'this Act' means."""

DOTTED = "dotted"
"""The class of a bare dotted section ("Under section 2.3, ..."): a pinpoint of the order or issuance in scope."""


@dataclass(frozen=True)
class Anaphora:
    """The compiled anaphora pattern and what each word may point at."""

    pattern: re.Pattern[str]
    kinds: dict[str, frozenset[str]]
    class_words: dict[str, tuple[str, ...]]
    """Words one of which a class narrower than its kinds needs in the authority's id or name ('dodd' for 'the Directive')."""
    paragraph_break: re.Pattern[str]
    note_act: re.Pattern[str]


@cache
def load_anaphora(data_dir: Path) -> Anaphora:
    """Compile the ``anaphora`` entry once per process."""
    data = load_json(data_dir / "patterns" / "authorities.json")
    entry = data["anaphora"]
    return Anaphora(
        pattern=compile_piece(entry["regex"], data["pieces"]),
        kinds={word: frozenset(kinds) for word, kinds in entry["kinds"].items()},
        class_words={word: tuple(words) for word, words in entry["class_words"].items()},
        paragraph_break=re.compile(entry["paragraph_break"]),
        note_act=compile_piece(entry["note_act"], data["pieces"]),
    )


def find_anaphora(text: str, found: list[Candidate], forms: Anaphora) -> list[Candidate]:
    """A candidate for each 'the Act' / 'the Order' / 'the Directive' whose paragraph cites exactly one such authority.

    Args:
        text: the document's text.
        found: the candidates already selected, sorted by offsets.
        forms: the compiled pattern.
    """
    matches = list(forms.pattern.finditer(text))
    if not matches:
        return []
    breaks = [m.end() for m in forms.paragraph_break.finditer(text)]
    out = []
    for match in matches:
        group = next(g for g in ("term", "that", "pinned", DOTTED) if match.group(g))
        word = DOTTED if group == DOTTED else TERMS[match.group(group).lower()]
        start = max((b for b in breaks if b <= match.start(group)), default=0)
        if group == DOTTED and not any(start <= c.start < match.start(group) for c in found):
            start = max((b for b in breaks if b < start), default=0)  # opens its paragraph: the one before is in scope
        before = {_identity(c): c for c in found
                  if start <= c.start and c.end <= match.start(group) and _is(c, word, forms)}
        if len(before) == 1:
            parent = next(iter(before.values()))
            out.append(Candidate(start=match.start(group), end=match.end(group), surface=match.group(group),
                                 method="anaphora", parent=parent, authority_kind=parent.authority_kind,
                                 pinpoint=_pinpoint(match.group(group)) if group == DOTTED else None))
    return out


def find_note_acts(text: str, found: list[Candidate], forms: Anaphora) -> list[Candidate]:
    """'this Act' in a codified text's notes: the act named last on the note's line before it.

    A Code title or chapter is no act, so its "this Act" is never the
    document's own; the note that says it ("The Foreign Intelligence
    Surveillance Act of 1978, referred to in subsec. (a), is Pub. L. 95-511,
    ... For complete classification of this Act to the Code, ...") has named
    the act. Only call this for a codified text.
    """
    out = []
    for match in forms.note_act.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        acts = [c for c in found if line_start <= c.start and c.end <= match.start() and _is(c, "act", forms)
                and not (c.method == "citation" and (c.key or "").startswith(CODE_UNITS))]
        if acts:
            parent = acts[-1]
            out.append(Candidate(start=match.start(), end=match.end(), surface=match.group(0), method="anaphora",
                                 parent=parent, authority_kind=parent.authority_kind))
    return out


def _pinpoint(words: str) -> str:
    """'section 2.3(b)' as a pinpoint: '\u00a7 2.3(b)'."""
    return "\u00a7 " + words.split(maxsplit=1)[1].strip()


def _root(c: Candidate) -> Candidate:
    """The full citation a short form or defined term stands for, else the candidate."""
    return c.parent if c.parent is not None and c.section is None and c.key is None else c


def _identity(c: Candidate) -> str:
    root = _root(c)
    return root.key or (root.name or root.surface).lower()


def _is(c: Candidate, word: str, forms: Anaphora) -> bool:
    """Whether ``c`` cites an authority of the class ``word`` stands for (a section of an act is not the act)."""
    root = _root(c)
    if (c.kind != "authority" or root.section is not None or root.authority_kind not in forms.kinds[word]
            or (root.key or "").startswith(STATUTES_AT_LARGE)):
        return False
    if word not in forms.class_words:
        return True
    described = f"{root.key or ''} {root.name or ''} {root.surface}".lower()
    return any(w in described for w in forms.class_words[word])
