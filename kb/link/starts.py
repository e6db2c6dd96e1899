"""Where any of many regexes may start in a text, found in one pass of an Aho-Corasick automaton.

``CueScanner`` tries each family's cues only at offsets where some cue may
start. It used to find those offsets with one lookahead of every cue
(``(?=cue|cue|...)``), which Python's ``re`` tests at every character of the
text: a tenth of a document's extraction. Nearly every cue starts with a
literal word ("shall", "not", "u.s."), so the literals a pattern must start
with (its *leads*) are read off the pattern, and one automaton
(pyahocorasick) finds every lead in a single pass. The offsets found are a
superset of the true starts, since a lead is necessary but not sufficient;
the families still match their cues at each offset, so their hits are the
same. A pattern whose leads cannot be read (it may start with ``\\s`` or
``.``) keeps the lookahead, for that pattern alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

LEAD_LENGTH = 6
"""Characters of a lead worth reading: enough to make a hit rare, few enough to keep the product of classes small."""

MAX_LEADS = 256
"""Leads one pattern may spell out before it is left to the lookahead instead."""

QUANTIFIERS = ("?", "*", "+", "{")
ZERO_WIDTH = ("(?=", "(?!", "(?<=", "(?<!")
SPECIAL = frozenset("\\[](){}.*+?^$|")


def leads(pattern: str) -> list[str] | None:
    """Literals one of which starts every match of ``pattern``, or None when some match may start otherwise.

    A space in a lead stands for any whitespace (``\\s``). Reads the pattern
    from the left: literal characters and escaped
    punctuation extend every lead; a class of plain characters multiplies
    them; a group (optional or not) spells out each alternative followed by
    the rest; zero-width assertions (``\\b``, look-arounds) are passed over,
    since dropping a condition only widens the set. Reading stops at anything
    else, or at ``LEAD_LENGTH`` characters. An empty lead would match
    everywhere, so it gives None.
    """
    found: list[str] = []
    for branch in _branches(pattern):
        more = _leads(branch, "")
        if more is None or "" in more:
            return None
        found += more
    return sorted(set(found)) if len(found) <= MAX_LEADS else None


def _leads(pattern: str, prefix: str) -> list[str] | None:
    """The leads of ``pattern`` after the literal ``prefix`` already read."""
    at = 0
    while at < len(pattern) and len(prefix) < LEAD_LENGTH:
        if pattern.startswith(("\\b", "\\B"), at):
            at += 2
            continue
        if pattern.startswith(ZERO_WIDTH, at):
            close = _closing(pattern, at)
            if close is None or pattern[close + 1:close + 2] in QUANTIFIERS:
                return [prefix]
            at = close + 1
            continue
        if pattern.startswith("(", at):
            return _group(pattern, at, prefix)
        if pattern.startswith("[", at):
            return _class(pattern, at, prefix)
        char, width = _literal(pattern, at)
        if char is None:
            return [prefix]
        after = pattern[at + width:at + width + 1]
        if after in ("?", "*", "{"):
            return [prefix]
        prefix += char
        if after == "+":
            return [prefix]
        at += width
    return [prefix]


def _literal(pattern: str, at: int) -> tuple[str | None, int]:
    """The literal character at ``at`` and its width in the pattern, or None for anything that is not one."""
    ch = pattern[at]
    if ch == "\\":
        nxt = pattern[at + 1:at + 2]
        if nxt == "s":
            return " ", 2  # any whitespace: ``StartFinder`` reads every non-word character as one
        return (nxt, 2) if nxt and not nxt.isalnum() else (None, 0)
    return (None, 0) if ch in SPECIAL else (ch, 1)


def _group(pattern: str, at: int, prefix: str) -> list[str] | None:
    """Leads through a group at ``at``: each alternative then the rest, and the rest alone if it is optional."""
    close = _closing(pattern, at)
    if close is None:
        return None
    inner = pattern[at + 1:close]
    if inner.startswith("?:"):
        inner = inner[2:]
    elif inner.startswith("?P<"):
        inner = inner[inner.index(">") + 1:]
    elif inner.startswith("?"):
        return [prefix]  # inline flags and other extensions: stop reading
    rest = pattern[close + 1:]
    quantifier = rest[:1]
    if quantifier in ("*", "{"):
        return [prefix]
    tails = [rest[1:]] if quantifier in ("?", "+") else [rest]
    found: list[str] = []
    for alternative in _branches(inner):
        # after a "+" the group may repeat, so only the alternative itself is certain
        more = _leads(alternative if quantifier == "+" else alternative + tails[0], prefix)
        if more is None:
            return None
        found += more
        if len(found) > MAX_LEADS:
            return None
    if quantifier == "?":
        more = _leads(tails[0], prefix)
        if more is None:
            return None
        found += more
    return found


def _class(pattern: str, at: int, prefix: str) -> list[str] | None:
    """Leads through a class of plain characters at ``at`` (``[’']``): one per character."""
    end = pattern.find("]", at + 1)
    chars = pattern[at + 1:end] if end > at + 1 else ""
    after = pattern[end + 1:end + 2] if end > 0 else ""
    if not chars or chars[0] == "^" or any(ch in "\\-[" for ch in chars) or after in ("?", "*", "{"):
        return [prefix]
    if after == "+":
        return [prefix + ch for ch in dict.fromkeys(chars)]
    found: list[str] = []
    for ch in dict.fromkeys(chars):
        more = _leads(pattern[end + 1:], prefix + ch)
        if more is None:
            return None
        found += more
        if len(found) > MAX_LEADS:
            return None
    return found


def _closing(pattern: str, at: int) -> int | None:
    """The index of the parenthesis that closes the group opening at ``at``, outside classes and escapes."""
    depth, in_class, escaped = 0, False, False
    for i in range(at, len(pattern)):
        ch = pattern[i]
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
    return None


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern`` (``a|b(c|d)`` gives ``a`` and ``b(c|d)``)."""
    out, depth, last, in_class, escaped = [], 0, 0, False, False
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            out.append(pattern[last:i])
            last = i + 1
    return [*out, pattern[last:]]


WORDLESS = re.compile(r"\W")
"""A character that is not a word character, as ``\\b`` reads them (the complement of ``\\w``)."""

GAP = "\x00"
"""What ``StartFinder`` writes for every non-word character, in the text and in the leads alike."""


class StartFinder:
    """The offsets of a text where any pattern of a group may match, a superset of where one does, per group.

    The automaton reads a copy of the text with every non-word character
    written as ``GAP``, and a ``GAP`` before it, so that a lead needed at a
    word start (after ``\\b``) is the key ``GAP + lead`` and matches only
    there; reading hits mid-word and dropping them cost more than the
    lookahead it replaces. Punctuation and spaces in a lead become ``GAP``
    too, so "u.s." also finds "u-s-": a superset still. Each group (a cue
    family) gets its own offsets: a family tries its cues at every offset it
    is given, so offsets where only another family's cues may start would
    cost it a failed match each.
    """

    def __init__(self, groups: dict[str, Iterable[str]]) -> None:
        owners: dict[str, set[str]] = {}
        unread: dict[str, list[str]] = {}
        for name, patterns in groups.items():
            for pattern in patterns:
                for branch in _branches(pattern):
                    found = leads(branch)
                    if found is None:
                        unread.setdefault(name, []).append(branch)
                        continue
                    word_start = branch.startswith("\\b") and all(_word(lead[0]) for lead in found)
                    for lead in found:
                        owners.setdefault((GAP if word_start else "") + WORDLESS.sub(GAP, lead), set()).add(name)
        self.names = tuple(groups)
        self._automaton: ahocorasick.Automaton | None = None
        if owners:
            self._automaton = ahocorasick.Automaton()
            for key, names in owners.items():
                # the offset of the lead's first character in the text, from the end of the key in the copy
                self._automaton.add_word(key, (len(key) - (1 if key.startswith(GAP) else 0), tuple(sorted(names))))
            self._automaton.make_automaton()
        self._lookaheads = {name: re.compile("(?=" + "|".join(f"(?:{b})" for b in branches) + ")")
                            for name, branches in unread.items()}

    def starts(self, text: str) -> dict[str, list[int]]:
        """Sorted offsets of ``text`` where some pattern of each group may start, by group name."""
        found: dict[str, list[int]] = {name: [] for name in self.names}
        if self._automaton is not None:
            for end, (back, names) in self._automaton.iter(GAP + WORDLESS.sub(GAP, text)):
                start = end - back  # the copy is one character longer at the front
                for name in names:
                    found[name].append(start)
        for name, lookahead in self._lookaheads.items():
            found[name] += [m.start() for m in lookahead.finditer(text)]
        return {name: sorted(set(offsets)) for name, offsets in found.items()}


def _word(ch: str) -> bool:
    """Whether ``re`` counts ``ch`` as a word character for ``\\b`` (str patterns: alphanumeric or underscore)."""
    return ch.isalnum() or ch == "_"
