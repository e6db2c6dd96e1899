"""Organisation names in a Doc: every curated alias, matched on tokens.

A PhraseMatcher runs in compiled code over tokens, where one regex alternation
of every alias costs more than tokenising the text. One-token aliases match
case-sensitively ("DOW" but not "dow", "Meta" but not "meta"), longer ones
case-insensitively ("The government"). Overlapping matches keep the longest
("Department of War" over "the Department"); a contextual alias followed by
"of" or a capitalised word is the start of another name ("the Department of
Energy") and is dropped. Resolution to organisations is ``kb.reference.organizations``'s.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kb.reference.organizations import CONTEXTUAL, Organizations, load_organizations

LONGER_NAME_WORDS = frozenset({"of", "for", "on"})
"""Words after a contextual alias that make it part of a longer name."""

if not Doc.has_extension("kb_organizations"):
    Doc.set_extension("kb_organizations", default=None)


class OrganizationMatcher:
    """Sets ``doc._.kb_organizations`` to ``(alias index, start char, end char)`` in text order."""

    def __init__(self, nlp: Language, orgs: Organizations) -> None:
        self.orgs = orgs
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, alias in enumerate(orgs.aliases):
            pattern = nlp.make_doc(alias.name)
            (self.exact if len(pattern) == 1 else self.folded).add(str(index), [pattern])

    def __call__(self, doc: Doc) -> Doc:
        found = [(int(doc.vocab.strings[key]), start, end) for key, start, end in [*self.exact(doc), *self.folded(doc)]]
        taken: set[int] = set()
        kept = []
        for index, start, end in sorted(found, key=lambda m: (m[1] - m[2], m[1])):
            if taken.intersection(range(start, end)) or self._longer_name(doc, index, end):
                continue
            taken.update(range(start, end))
            kept.append((index, doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))
        doc._.kb_organizations = sorted(kept, key=lambda m: m[1])
        return doc

    def _longer_name(self, doc: Doc, index: int, end: int) -> bool:
        if self.orgs.aliases[index].kind != CONTEXTUAL or end >= len(doc):
            return False
        following = doc[end]
        return following.lower_ in LONGER_NAME_WORDS or following.is_title


@Language.factory("kb_organizations", default_config={"data_dir": ""})
def make_organization_matcher(nlp: Language, name: str, data_dir: str) -> OrganizationMatcher:
    """Factory registered with spaCy; ``data_dir`` is the reference-data folder."""
    return OrganizationMatcher(nlp, load_organizations(Path(data_dir)))
