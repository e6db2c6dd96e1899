"""Property tests: whatever text a document holds, extraction raises nothing and every record reproduces its text.

Documents are drawn from the fuzzer's pieces (``tools.fuzz``: real citation
forms, markdown structure, lists, question-and-answer lines, odd Unicode)
mixed with random text. Small by design, so that it runs in every ``make test``;
``make fuzz`` runs 10,000 documents.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.models import Document
from kb.pipeline.extract import extract
from tools.fuzz import PIECES, violations

TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), min_size=1, max_size=60).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_fuzz_extraction_never_raises_and_keeps_provenance(nlp, text):
    if not text.strip():
        return
    document = Document(id="fuzz", path="fuzz.txt", title="Fuzz", text=text, sha256="0")
    assert violations(text, extract(document, nlp)) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=TEXTS)
def test_fuzz_a_citation_after_any_text_is_still_found(nlp, prefix):
    # odd case ("İ" lower-cases to two characters) must not shift the offsets of what follows; the fixed first
    # line keeps the citation from being the document's own title, which is no citation
    text = f"Notes\n\n{prefix}\n\nUnder 50 U.S.C. § 1881a the rule applies.\n"
    document = Document(id="fuzz", path="fuzz.txt", title="Fuzz", text=text, sha256="0")
    at = text.rindex("50 U.S.C. § 1881a")
    mentions = [r for r in extract(document, nlp) if r.TABLE == "mentions"]
    assert any(m.start == at and m.surface == "50 U.S.C. § 1881a" for m in mentions), [m.surface for m in mentions]
