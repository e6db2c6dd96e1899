"""Formal citations: U.S.C., C.F.R., Pub. L., Stat., Fed. Reg., executive orders,
presidential directives, OMB memoranda, DoD issuances, constitutional provisions.

Each form in ``corpus/patterns/citations.json`` is one compiled regex plus
templates; this module only runs them and fills the templates, so a new form
is a data edit. Forms build the same canonical id whatever the wording ("50
U.S.C. § 1801" and "50 USC 1801" are both ``us/usc/t50/s1801``), which is how
records made from citations de-duplicate across documents. Enumerations
("E.O. 13636, 13691, and 13800") give one candidate per item, and so do
subsection lists after a pinpoint ("552a(c)(3); (d)(1), (2)"), each item of
the section before it.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from kb.recognise.spans import AnchoredPattern, Candidate, anchored_pattern, compile_piece
from kb.reference import DataError, load_json

OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", ",": None})
DASHES = re.compile(r"[\u2010-\u2014]")
ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90), ("l", 50),
         ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))
ORDINAL_SUFFIX = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.IGNORECASE)
SECTION_PARTS = re.compile(r"(?P<number>\d[0-9OolI]*?)(?P<suffix>[A-Za-z]{0,2})(?P<tail>-\d+[A-Za-z]?)?")
OCR_LETTERS = frozenset("OolI")
ISSUANCE_PARTS = re.compile(r"([A-Za-z]*)(\d.*?\d|\d)([A-Za-z]?)")
TEMPLATES = ("id", "citation", "name", "url")
VARIANTS = ("_lower", "_compact", "_roman")


@dataclass(frozen=True)
class Form:
    """One citation form compiled from data."""

    name: str
    kind: str
    pattern: AnchoredPattern
    item: re.Pattern[str] | None
    list_group: str | None
    list_field: str | None
    list_rest: bool
    """Whether the last listed item's span runs to the citation's end ('4023 of title 10'): words after the list belong to every item."""
    fields: dict[str, Any]
    derive: dict[str, dict[str, Any]]
    pinpoint: str | None
    templates: dict[str, str | None]
    needs: str | None
    own_headings: re.Pattern[str] | None
    """Heading lines that number the text's own parts ('ARTICLE V – ACCEPTABLE USE'): a citation whose ``own_group``
    is one of those numbers names the text's own part ('Article V survives termination'), not the authority."""
    own_group: str | None


@dataclass(frozen=True)
class Citations:
    """Every citation form, the lookup tables they use, and the stated-date pattern."""

    forms: tuple[Form, ...]
    lookups: dict[str, dict[str, Any]]
    stated_date: re.Pattern[str]
    year_paren: re.Pattern[str]


@cache
def load_citations(data_dir: Path) -> Citations:
    """Compile ``patterns/citations.json`` once per process."""
    path = data_dir / "patterns" / "citations.json"
    data = load_json(path)
    pieces = data["pieces"]
    forms = []
    for raw in data["forms"]:
        listing = raw.get("list") or {}
        pattern = anchored_pattern(raw, pieces)
        check_placeholders(path, raw, pattern.patterns[0])
        forms.append(Form(
            name=raw["form"], kind=raw["kind"], pattern=pattern,
            item=compile_piece(listing["item"], pieces) if listing else None,
            list_group=listing.get("group"), list_field=listing.get("field"), list_rest=bool(listing.get("last_takes_rest")),
            fields=raw.get("fields", {}), derive=raw.get("derive", {}), pinpoint=raw.get("pinpoint"),
            templates={k: raw[k] for k in TEMPLATES}, needs=raw.get("needs"),
            own_headings=re.compile(raw["own_headings"]["regex"], re.MULTILINE) if "own_headings" in raw else None,
            own_group=raw["own_headings"]["group"] if "own_headings" in raw else None,
        ))
    return Citations(
        forms=tuple(forms), lookups=data["lookups"],
        stated_date=compile_piece("<<date_lead>><<date_stated>>", pieces),
        year_paren=compile_piece("<<year_paren>>", pieces),
    )


def check_placeholders(path: Path, raw: dict[str, Any], pattern: re.Pattern[str]) -> None:
    """Reject a template ``{placeholder}`` or ``derive`` source that no group of the form captures.

    ``_fill`` reads a missing value as "this citation lacks an optional part"
    and gives None, so a misspelt placeholder would not fail: it would drop
    every citation of the form (in ``id``) or blank a field, silently. A
    placeholder is a named group of ``regex`` or a ``derive`` name, bare or
    with a ``_lower``/``_compact``/``_roman`` suffix, and may carry a format
    spec or conversion (``{title:>2}``, ``{x!s}``). A form with ``list``
    rebuilds each enumerated item from its ``fields`` only, so there only
    groups named in ``fields`` count.

    Raises:
        DataError: naming the file, the form and the placeholder.
    """
    where, groups = f"{path}: form {raw['form']!r}", set(pattern.groupindex)
    known = groups & set(raw.get("fields", {})) if raw.get("list") else set(groups)

    def refuse(what: str, names: set[str]) -> DataError:
        if names & groups:  # the group exists, but a list form's items do not carry it
            return DataError(f"{where}: {what} no `fields` group of its pattern (an enumerated item carries only those)")
        return DataError(f"{where}: {what} no group of its pattern")

    for name, rule in raw.get("derive", {}).items():
        for source in rule["from"].split("|"):
            if source not in known:
                raise refuse(f"derive {name!r} reads {{{source}}}, which is captured by", {source})
        known.add(name)
    for key in TEMPLATES:
        try:
            fields = [field for _, field, _, _ in string.Formatter().parse(raw[key] or "") if field is not None]
        except ValueError as exc:
            raise DataError(f"{where}: {key} template {raw[key]!r} is malformed: {exc}") from exc
        for field in fields:
            base = re.split(r"[.\[]", field, maxsplit=1)[0]  # "{x.attr}" and "{x[0]}" look up x
            names = {base, *(base.removesuffix(v) for v in VARIANTS)}
            if not names & known:
                raise refuse(f"{key} template placeholder {{{field}}} is captured by", names)


def to_roman(number: int) -> str:
    """Upper-case roman numeral, as Bluebook writes amendments ('IV')."""
    out = []
    for numeral, value in ROMAN:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out).upper()


def from_roman(text: str) -> int | None:
    """Value of a roman numeral, or None when ``text`` is not one."""
    text = text.lower()
    total, i = 0, 0
    for numeral, value in ROMAN:
        while text.startswith(numeral, i):
            total += value
            i += len(numeral)
    return total if i == len(text) and total else None


def normalise(value: str, how: Any, lookups: dict[str, dict[str, Any]]) -> str | None:
    """Normalise one captured field as its form declares ('number', 'ordinal', a lookup...)."""
    if isinstance(how, dict):
        return lookups[how["lookup"]].get(re.sub(r"[\s\u00a0]+", " ", value.lower().strip()))
    if how == "number":
        return value.translate(OCR_DIGITS)
    if how == "usc_section":
        return section_number(DASHES.sub("-", value))
    if how == "issuance_number":
        return issuance_number(value)
    if how == "dod_number":
        return dod_number(value.translate(OCR_DIGITS))
    if how == "lower":
        return value.lower()
    if how == "dash":
        return DASHES.sub("-", value)
    if how == "dash_number":
        return DASHES.sub("-", value).translate(OCR_DIGITS)
    if how == "ordinal":
        word = re.sub(r"[\s\u00a0]+", "-", value.lower().strip())
        numeric = ORDINAL_SUFFIX.match(word)
        found = lookups["ordinal_number"].get(word) or (int(numeric.group(1)) if numeric else None)
        found = found or (int(word) if word.isdigit() else from_roman(word))
        return str(found) if found else None
    raise ValueError(f"unknown field normaliser {how!r}")


def section_number(value: str) -> str:
    """A Code section number, lower case, with letters read as a suffix unless they can only be OCR digits.

    "300o-1" and "1881a" keep their letters, "3024A" becomes "3024a"; "3OOO"
    and "25l1" are OCR slips for "3000" and "2511": every letter is one OCR
    puts for a digit and no hyphenated part follows, or a digit follows it.
    """
    match = SECTION_PARTS.fullmatch(value)
    if match is None:  # letters inside the number: only OCR slips put them there
        return value.translate(OCR_DIGITS).lower()
    number, suffix, tail = match["number"], match["suffix"], match["tail"] or ""
    if suffix and not tail and set(suffix) <= OCR_LETTERS:
        number, suffix = number + suffix, ""
    return (number.translate(OCR_DIGITS) + suffix + tail).lower()


DOD_SHORT_MINOR = re.compile(r"^(\d{4})\.(\d)(?![\d\-\u2010-\u2014])")
"""An old-style DoD number with one digit after the point and no regulation suffix ('5000.2', not '5240.1-R')."""


DOD_E_SUFFIX = re.compile(r"(?<=\.\d\d)E\b|(?<=\.\d)E\b")
"""The 'E' after a directive's number ('2311.01E')."""


def dod_number(value: str) -> str:
    """A DoD issuance number as the issuance writes it today: '5000.2' is 5000.02, the same issuance's family.

    DoD numbers carry two digits after the point since the 2000s; a regulation
    ('DoD 5240.1-R') keeps its number as written, since its suffix makes it another series. A
    word processor's dash before the suffix ('7000.14\u2013R') is the hyphen the id writes. The 'E'
    some directives carried until their reissue ('DoDD 2311.01E' of 2006, 'DoDD 2311.01' of 2020)
    marks no other series either: both are the Law of War Program's family.
    """
    return DOD_SHORT_MINOR.sub(r"\1.0\2", DASHES.sub("-", DOD_E_SUFFIX.sub("", value)))


def issuance_number(value: str) -> str:
    """An issuance number as its id writes it: 'SP0018', 'USSID 1O' → 'sp0018', '10'; 'DCID 1/7' → '1-7'.

    Letters before the first digit ('SP') and one letter after the last
    ('3121.01B') belong to the number; letters between digits are OCR slips.
    """
    match = ISSUANCE_PARTS.fullmatch(value)
    lead, middle, tail = match.groups() if match else ("", value, "")
    return (lead + DASHES.sub("-", middle).translate(OCR_DIGITS) + tail).replace("/", "-").lower()


def _values(form: Form, groups: dict[str, str | None], lookups: dict[str, dict[str, Any]]) -> dict[str, str] | None:
    values = {name: raw for name, raw in groups.items() if raw is not None}
    for name, how in form.fields.items():
        if name in values:
            value = normalise(values[name], how, lookups)
            if value is None:
                return None
            values[name] = value
    for name, rule in form.derive.items():
        source = next((values[s] for s in rule["from"].split("|") if values.get(s) is not None), "")
        value = lookups[rule["lookup"]].get(source) if rule["lookup"] else source
        if value and "format" in rule:  # an optional part of the id: "/s2" when there is a section, else ""
            value = rule["format"].format(value)
        if value is not None:
            values[name] = value
    for name, value in list(values.items()):
        values[f"{name}_lower"] = value.lower()
        values[f"{name}_compact"] = re.sub(r"[^0-9a-z]", "", value.lower())
        if value.isdigit():
            values[f"{name}_roman"] = to_roman(int(value))
    return values


def _fill(template: str | None, values: dict[str, str]) -> str | None:
    """The template filled in, or None when it needs a value the citation lacks."""
    if template is None:
        return None
    try:
        return re.sub(r"\s+", " ", template.format_map(values)).strip()
    except KeyError:
        return None


def _candidate(form: Form, text: str, start: int, end: int, values: dict[str, str], pinpoint: str | None,
               method: str) -> Candidate:
    return Candidate(
        start=start, end=end, surface=text[start:end], method=method, key=_fill(form.templates["id"], values),
        name=_fill(form.templates["name"], values), citation=_fill(form.templates["citation"], values),
        url=_fill(form.templates["url"], values), authority_kind=form.kind, pinpoint=pinpoint or None,
    )


def find_citations(text: str, citations: Citations, known: set[str] | None = None) -> list[Candidate]:
    """Every formal citation in ``text``, one candidate per enumerated item.

    A form that ``needs`` an authority ("us/const" for a bare "Article III")
    counts only when that authority, or a part of it, is also cited: by
    another form or among the ``known`` ids other recognisers found.
    """
    found: list[Candidate] = []
    waiting: list[tuple[str, list[Candidate]]] = []
    for form in citations.forms:
        if form.needs:
            waiting.append((form.needs, _form_citations(form, text, citations)))
        else:
            found += _form_citations(form, text, citations)
    present = {c.key for c in found if c.key} | (known or set())
    for needs, candidates in waiting:
        if any(key == needs or key.startswith(needs + "/") for key in present):
            found += candidates
    return found


def _form_citations(form: Form, text: str, citations: Citations) -> list[Candidate]:
    """One form's citations in ``text``, one candidate per enumerated item."""
    found: list[Candidate] = []
    own = {m["number"] for m in form.own_headings.finditer(text)} if form.own_headings else set()
    for match in form.pattern.finditer(text):
        groups = match.groupdict()
        if own and groups.get(form.own_group or "") in own:
            continue
        values = _values(form, groups, citations.lookups)
        if values is None:
            continue
        more_start = match.start(form.list_group) if form.list_group and groups.get(form.list_group) else match.end()
        pinpoint = groups.get(form.pinpoint) if form.pinpoint else None
        head = _candidate(form, text, match.start(), min(more_start, match.end()), values, pinpoint, "citation")
        if head.key is None:
            continue
        found.append(head)
        if more_start < match.end() and form.item is not None:
            found += _enumerated(form, text, match, more_start, citations.lookups)
    return found


def _enumerated(form: Form, text: str, match: re.Match[str], more_start: int,
                lookups: dict[str, dict[str, Any]]) -> list[Candidate]:
    """The enumerated items after a citation's first, each a candidate of its own.

    An item that is only a subsection ('(2)' in '553(b)(1), (2), and (3)')
    writes no number of its own: it is a pinpoint of the item before it.
    """
    assert form.item is not None and form.list_field is not None and form.list_group is not None
    items = []
    previous = match.group(form.list_field)
    for item in form.item.finditer(text, more_start, match.end(form.list_group)):
        written = item.group(form.list_field) or previous
        value = normalise(written, form.fields[form.list_field], lookups)
        if value is None:
            continue
        previous = written
        raw = {k: v for k, v in match.groupdict().items() if k in form.fields and k != form.list_field}  # as written: a lookup reads no id
        values = _values(form, {**raw, form.list_field: value}, lookups)
        if values is None:
            continue
        pinpoint = item.groupdict().get(form.pinpoint) if form.pinpoint else None
        items.append(_candidate(form, text, item.start(), item.end(form.list_field) if not pinpoint else item.end(),
                                values, pinpoint, "enumeration"))
    if items and form.list_rest:
        items[-1] = replace(items[-1], end=match.end(), surface=text[items[-1].start:match.end()])
    return items
