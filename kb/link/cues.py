"""Cue families: labelled regular expressions read from ``corpus/`` data.

Claims analysis asks of every claim and clause "which labels does it carry?"
(modality, concepts, safeguards) and "where are its cues?" (conditions). A
family is one compiled alternation, scanned once over a document; the hits are
then looked up by span, so the cost grows with the text, not with the number
of units. The data (patterns, examples) is in ``corpus/patterns/claims.json``
and ``corpus/concepts/*.json``; this module holds only the mechanism.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from kb.link.starts import StartFinder
from kb.reference import DataError, load_json


@dataclass(frozen=True)
class Cue:
    """One pattern of a family, with the texts it must and must not find."""

    label: str
    pattern: str
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    """Where a cue was found: character offsets into the searched text."""

    label: str
    start: int
    end: int


class CueFamily:
    """Labelled cues compiled once into one alternation, scanned once per text.

    ``scan`` gives the same hits as ``self._all.finditer`` but faster: a
    case-insensitive cue whose pattern can be lower-cased runs, case-sensitively,
    over the lower-cased text (Python's ``re`` tests ignored case one character
    at a time and cannot skip alternatives on their first letter), and the
    alternation is flat, without a group per cue, so that every alternative
    starting with a literal is skipped on its first character. The cue of a hit
    is then found by matching the cues one by one at its start.
    """

    def __init__(self, name: str, cues: Iterable[Cue], case_sensitive: bool = False) -> None:
        self.name = name
        self.cues = tuple(cues)
        self.flags = 0 if case_sensitive else re.IGNORECASE
        self._label_of_group = [c.label for c in self.cues]
        self._all = re.compile(_alternation(c.pattern for c in self.cues), self.flags)
        folded = [i for i, c in enumerate(self.cues) if not case_sensitive and _foldable(c.pattern)]
        rest = sorted(set(range(len(self.cues))) - set(folded))
        self._passes = tuple(
            _Pass.of([(i, _lower(self.cues[i].pattern) if on_folded else self.cues[i].pattern) for i in indices],
                     0 if on_folded else self.flags, on_folded)
            for indices, on_folded in ((folded, True), (rest, False)) if indices
        )

    def compiled(self, cue: Cue) -> re.Pattern[str]:
        """One cue alone, with the family's flags (used to check its examples)."""
        return re.compile(cue.pattern, self.flags)

    def scan(self, text: str, candidates: list[int] | None = None) -> Scan:
        """Every hit in ``text``, to be looked up by span.

        Args:
            text: the text.
            candidates: sorted offsets where a lower-cased cue may start
                (``CueScanner`` finds them for several families at once); the
                lower-cased cues are then only tried there.
        """
        lowered = safe_lower(text)
        if lowered is None:
            return Scan([self._hit(m) for m in self._all.finditer(text)])
        subjects = [lowered if p.folded else text for p in self._passes]
        if len(self._passes) > 1:
            return Scan(self._merged(subjects, candidates))
        only, subject = self._passes[0], subjects[0]
        if candidates is not None and only.folded:
            return Scan(self._at(only, subject, candidates))
        return Scan([self._label(only.cue_at(subject, m.start()), m) for m in only.flat.finditer(subject)])

    def _at(self, only: _Pass, subject: str, candidates: list[int]) -> list[Hit]:
        """The hits of a family's only pass, its cues tried at the candidate offsets alone."""
        hits: list[Hit] = []
        pos, match, letters = 0, only.grouped.match, only.letters
        for start in candidates:
            if start < pos or (letters is not None and subject[start] not in letters):
                continue
            m = match(subject, start)
            if m:
                hits.append(self._label(only.cue_indices[_group_number(m)], m))
                pos = max(m.end(), start + 1)
        return hits

    def _merged(self, subjects: list[str], candidates: list[int] | None) -> list[Hit]:
        """Hits of the passes, as one alternation of all the cues would find them.

        Leftmost hit first; at one position the first-listed cue; the next
        search starts where the hit ends.
        """
        hits: list[Hit] = []
        passes = list(zip(self._passes, subjects))
        pending = [p.next(s, 0, candidates) for p, s in passes]
        pos = 0
        while True:
            for k, (p, subject) in enumerate(passes):
                waiting = pending[k]
                if waiting is not None and waiting[0] < pos:
                    pending[k] = p.next(subject, pos, candidates)
            found = [n for n in pending if n is not None]
            if not found:
                return hits
            _, cue_index, m = min(found, key=lambda n: n[:2])
            hits.append(self._label(cue_index, m))
            pos = max(m.end(), pos + 1)

    def _label(self, cue_index: int, m: re.Match[str]) -> Hit:
        return Hit(self._label_of_group[cue_index], m.start(), m.end())

    def first(self, text: str, start: int = 0, end: int | None = None) -> Hit | None:
        """The leftmost hit in ``text[start:end]``."""
        m = self._all.search(text, start, len(text) if end is None else end)
        return self._hit(m) if m else None

    def match(self, text: str, start: int, end: int | None = None) -> Hit | None:
        """A hit that begins exactly at ``start``."""
        m = self._all.match(text, start, len(text) if end is None else end)
        return self._hit(m) if m else None

    def _hit(self, m: re.Match[str]) -> Hit:
        return Hit(self._label_of_group[_group_number(m)], m.start(), m.end())


def _group_number(m: re.Match[str] | None) -> int:
    """The number in the name of the group that matched (``c12`` is 12): cue groups are named so."""
    assert m is not None and m.lastgroup is not None, "a cue alternation matched without a cue group"
    return int(m.lastgroup[1:])


@dataclass(frozen=True)
class _Pass:
    """Some cues of a family as one flat alternation, run over the text or its lower-cased copy."""

    patterns: tuple[str, ...]
    flat: re.Pattern[str]
    grouped: re.Pattern[str]
    cue_indices: tuple[int, ...]
    folded: bool
    letters: frozenset[str] | None
    """The characters a hit can start with, when every cue spells out (else None)."""

    @classmethod
    def of(cls, cues: list[tuple[int, str]], flags: int, folded: bool) -> _Pass:
        patterns = tuple(p for _, p in cues)
        spelled = _spelled(list(patterns))
        return cls(patterns, re.compile(_flat(list(patterns)), flags), re.compile(_alternation(patterns), flags),
                   tuple(i for i, _ in cues), folded, frozenset(a[0] for a in spelled) if spelled is not None else None)

    def cue_at(self, subject: str, start: int) -> int:
        """The index of the first cue that matches at ``start`` (one does: the flat alternation did)."""
        return self.cue_indices[_group_number(self.grouped.match(subject, start))]

    def next(self, subject: str, pos: int, candidates: list[int] | None) -> tuple[int, int, re.Match[str]] | None:
        """The next hit from ``pos`` on: its start, its cue's index and the match."""
        if candidates is None or not self.folded:
            m = self.flat.search(subject, pos)
            return (m.start(), self.cue_at(subject, m.start()), m) if m else None
        for start in candidates[bisect.bisect_left(candidates, pos):]:
            m = self.grouped.match(subject, start)
            if m:
                return start, self.cue_indices[_group_number(m)], m
        return None


class CueScanner:
    """Several families scanned over one text, their lower-cased cues found in one pass.

    Python's ``re`` pays for every position of the text in every pass, so one
    pass of an automaton over the literals the lower-cased cues start with
    (``kb.link.starts``) finds where any of them may start; each family then
    tries its cues at those offsets only. Hits are the same as each family's
    own ``scan``.
    """

    def __init__(self, families: dict[str, CueFamily]) -> None:
        self.families = dict(families)
        self._finder = StartFinder({name: [p for ps in f._passes if ps.folded for p in ps.patterns]
                                    for name, f in self.families.items()})

    def scan(self, text: str) -> dict[str, Scan]:
        """Every family's hits in ``text``, by family name."""
        lowered = safe_lower(text)
        if lowered is None:
            return {name: family.scan(text) for name, family in self.families.items()}
        candidates = self._finder.starts(lowered)
        return {name: family.scan(text, candidates[name]) for name, family in self.families.items()}


_ODD_CASE = frozenset("\u0130\u0131\u017f")
"""Characters that ``re.IGNORECASE`` and ``str.lower`` treat differently (dotted I, dotless i, long s)."""

_FOLDABLE_ESCAPES = frozenset("bBsSwWdDAZntrfv")
"""Escapes whose meaning survives lower-casing the text (and that ``_lower`` keeps as written)."""


@lru_cache(maxsize=8)
def safe_lower(text: str) -> str | None:
    """``text`` lower-cased with every offset kept, or None when lower-casing would change a match."""
    lowered = text.lower()
    if len(lowered) != len(text) or not _ODD_CASE.isdisjoint(text):
        return None
    return lowered


def _foldable(pattern: str) -> bool:
    """Whether a case-insensitive pattern can run case-sensitively, lower-cased, over lower-cased text.

    Not when it sets flags inline (``(?-i:NSA)`` keeps case on purpose), uses
    an escape whose letters are not a class (``\\x41``, ``\\N{...}``), or has a
    cased letter outside ASCII.
    """
    if re.search(r"\(\?[aiLmsux-]", pattern):
        return False
    escaped = False
    for ch in pattern:
        if escaped:
            if ch.isalnum() and ch not in _FOLDABLE_ESCAPES:
                return False
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch.lower() != ch.upper() and not ch.isascii():
            return False
    return True


def _lower(pattern: str) -> str:
    """Lower-case the literal letters of a pattern, leaving escapes (``\\S``, ``\\B``) as they are."""
    out, escaped = [], False
    for ch in pattern:
        out.append(ch if escaped else ch.lower())
        escaped = not escaped and ch == "\\"
    return "".join(out)


def _alternation(patterns: Iterable[str]) -> str:
    """One named group per cue; a leading word boundary shared by all is tested once.

    Python's regex engine tries every alternative at every position; testing
    ``\\b`` before the alternation skips the positions inside words at once.
    """
    patterns = list(patterns)
    if all(branch.startswith(r"\b") for p in patterns for branch in _top_level_branches(p)):
        return r"\b(?:" + "|".join(f"(?P<c{i}>{p})" for i, p in enumerate(patterns)) + ")"
    return "|".join(f"(?P<c{i}>{p})" for i, p in enumerate(patterns))


def _top_level_branches(pattern: str) -> list[str]:
    """``a|b(c|d)`` to ``["a", "b(c|d)"]``: the alternatives outside any group or class."""
    branches, last = [], 0
    for i, ch, depth in _structure(pattern):
        if ch == "|" and depth == 0:
            branches.append(pattern[last:i])
            last = i + 1
    return [*branches, pattern[last:]]


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """Each character of a regex outside character classes and escapes, with the group depth after it."""
    depth, in_class, escaped = 0, False, False
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        else:
            if ch in "()":
                depth += 1 if ch == "(" else -1
            yield i, ch, depth


MAX_ALTERNATIVES = 5000
"""Above this many alternatives, a family is not spelled out by first letter (it stays a flat alternation)."""


def _flat(patterns: list[str]) -> str:
    """One alternation without groups, equivalent to the patterns tried in order.

    When every alternative opens with ``\\b``, the alternatives are spelled out
    until each starts with a literal character (``(?:will|shall)\\s+not`` becomes
    ``will\\s+not|shall\\s+not``) and grouped by that character, keeping their
    order. At a word start the engine then tests one letter per group instead of
    entering every alternative. Alternatives that start with another letter
    could not match there, so the first one that matches is the same.
    """
    branches = [b for p in patterns for b in _top_level_branches(p)]
    bounded = [b for b in branches if b.startswith(r"\b")]
    if len(bounded) < len(branches):
        return "|".join(f"(?:{b})" for b in branches)
    if not bounded:
        return ""
    spelled = _spelled(bounded)
    if spelled is None:
        head = r"\b(?:" + "|".join(b[2:] for b in bounded) + ")"
    else:
        by_letter: dict[str, list[str]] = {}
        for alternative in spelled:
            by_letter.setdefault(alternative[0], []).append(alternative[1:])
        head = r"\b(?:" + "|".join(f"{ch}(?:{'|'.join(rests)})" for ch, rests in by_letter.items()) + ")"
    return head


def _spelled(patterns: list[str]) -> list[str] | None:
    """Every alternative of patterns that all open with ``\\b``, spelled out, ``\\b`` left off; else None."""
    spelled: list[str] = []
    for branch in (b for p in patterns for b in _top_level_branches(p)):
        alternatives = _spell_out(branch[2:]) if branch.startswith(r"\b") else None
        if alternatives is None or len(spelled) + len(alternatives) > MAX_ALTERNATIVES:
            return None
        spelled += alternatives
    return spelled


def _spell_out(branch: str) -> list[str] | None:
    """``branch`` as alternatives, in order, that each start with a letter or digit; None when it cannot be.

    Opens with a letter: itself. Opens with a group (``(?:a|b)c``, optionally
    ``?``): each of its alternatives followed by the rest, then, if optional,
    the rest alone. Opens with a class of plain characters (``[Ww]e``): one
    alternative per character. Anything else (``\\w``, ``*``, a range) cannot.
    """
    if not branch:
        return None
    if branch[0].isascii() and branch[0].isalnum():
        return [branch]
    if branch.startswith("(?:"):
        close = _closing(branch)
        inner, rest = branch[3:close], branch[close + 1:]
        optional = rest.startswith("?")
        if optional:
            rest = rest[1:]
        if rest[:1] in ("?", "+", "*", "{"):
            return None
        out: list[str] = []
        for alternative in [*_top_level_branches(inner), *([""] if optional else [])]:
            spelled = _spell_out(alternative + rest)
            if spelled is None:
                return None
            out += spelled
        return out
    if branch.startswith("[") and "]" in branch:
        chars, rest = branch[1:branch.index("]")], branch[branch.index("]") + 1:]
        if not chars or rest[:1] in ("?", "+", "*", "{") or not all(c.isascii() and c.isalnum() for c in chars):
            return None
        return [c + rest for c in dict.fromkeys(chars)]
    return None


def _closing(pattern: str) -> int:
    """The index of the parenthesis that closes the group opening ``pattern``."""
    for i, ch, depth in _structure(pattern):
        if ch in "()" and depth == 0:
            return i
    raise ValueError(f"unbalanced group in {pattern!r}")


class Scan:
    """A family's hits in one text, sorted, looked up by span.

    Hits of one family do not overlap (the regex engine takes the leftmost
    and, at one position, the first-listed cue), so a family lists its cues
    strongest first.
    """

    def __init__(self, hits: list[Hit]) -> None:
        self.hits = hits
        self.starts = [h.start for h in hits]

    def within(self, start: int, end: int) -> list[Hit]:
        """Hits that lie wholly inside ``[start, end)``."""
        lo, hi = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [h for h in self.hits[lo:hi] if h.end <= end]

    def first(self, start: int, end: int) -> Hit | None:
        """The leftmost hit inside the span."""
        for hit in self.hits[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]:
            if hit.end <= end:
                return hit
        return None

    def labels(self, start: int, end: int) -> dict[str, Hit]:
        """The first hit of every label found inside the span."""
        found: dict[str, Hit] = {}
        for hit in self.within(start, end):
            found.setdefault(hit.label, hit)
        return found


def parse_cues(entries: list[dict[str, Any]], where: str, label: str | None = None) -> list[Cue]:
    """Read cue entries (``pattern``, ``examples``, ``not``, ``label``) and check each compiles.

    Args:
        entries: the JSON entries.
        where: file and place, named in errors.
        label: the label to give entries that carry none (a concept's id).
    """
    cues = []
    for i, entry in enumerate(entries):
        try:
            regex = re.compile(entry["pattern"])
        except (KeyError, re.error) as exc:
            raise DataError(f"{where}[{i}]: bad cue pattern: {exc}") from exc
        if regex.groups:
            raise DataError(f"{where}[{i}]: cue patterns must not capture; use (?:...)")
        cues.append(Cue(
            label=entry.get("label", label or ""), pattern=entry["pattern"],
            examples=tuple(entry.get("examples", ())), counterexamples=tuple(entry.get("not", ())),
        ))
    return cues


@cache
def claim_families(data_dir: Path) -> dict[str, CueFamily]:
    """The families of ``patterns/claims.json`` by name, compiled once per data folder."""
    path = data_dir / "patterns" / "claims.json"
    families = {}
    for name, spec in load_json(path)["families"].items():
        cues = parse_cues(spec["cues"], f"{path}: {name}")
        families[name] = CueFamily(name, cues, spec.get("case_sensitive", False))
    return families


@cache
def modality_order(data_dir: Path) -> tuple[str, ...]:
    """Modalities from strongest to weakest: a claim takes the first one it shows."""
    return tuple(load_json(data_dir / "patterns" / "claims.json")["families"]["modality"]["order"])


_WORD = re.compile(r"\w")
_TRAILING = " \t\n\r\u00a0,;:.\u2014\u2013-"
"""Left out of the end of a span, so that it reads as a phrase."""


def condition_spans(text: str, start: int, end: int, cues: list[Hit], boundaries: CueFamily) -> list[Hit]:
    """Condition, exception and scope spans of a claim, each from its cue to the end of its clause.

    A span stops at the next boundary cue (a clause break), at the next
    condition cue, or at the claim's end; a cue that opens the claim ("Even if
    the law changes, ...") stops at its first comma. Trailing punctuation is
    left out so the span reads as a phrase.

    Args:
        text: the document text.
        start: where the claim starts.
        end: where it ends.
        cues: the condition cues inside the claim, in order.
        boundaries: the ``condition_boundary`` family.
    """
    cues = _merge_adjacent(text, cues)
    spans = []
    for i, cue in enumerate(cues):
        limit = cues[i + 1].start if i + 1 < len(cues) else end
        if not _WORD.search(text, start, cue.start):
            comma = text.find(",", cue.end, limit)
            limit = comma if comma >= 0 else limit
        boundary = boundaries.first(text, cue.end, limit)
        stop = boundary.start if boundary else limit
        while stop > cue.end and text[stop - 1] in _TRAILING:
            stop -= 1
        spans.append(Hit(cue.label, cue.start, stop))
    return spans


def _merge_adjacent(text: str, cues: list[Hit]) -> list[Hit]:
    """Join a one-word connective to the cue right after it ("except" + "as authorized by").

    A phrase that is a cue on its own ("for all lawful purposes") keeps its
    own span even when another cue follows it directly.
    """
    merged: list[Hit] = []
    for cue in cues:
        last = merged[-1] if merged else None
        if last and not text[last.end:cue.start].strip() and not any(ch.isspace() for ch in text[last.start:last.end]):
            merged[-1] = Hit(merged[-1].label, merged[-1].start, cue.end)
        else:
            merged.append(cue)
    return merged
