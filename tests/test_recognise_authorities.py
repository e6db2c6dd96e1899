"""Authority recognition: every data pattern matches its examples, the issue's forms are found,
and every span points exactly into the text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.recognise.authorities import load_recogniser
from kb.recognise.citations import find_citations, load_citations
from kb.recognise.generic_law import find_generic_law, load_generic_law
from kb.recognise.names import (
    find_act_acronyms,
    find_agency_decisions,
    find_cases,
    find_named_acts,
    load_names,
    reporter_windows,
)
from kb.recognise.nlp import annotate
from kb.recognise.short_forms import load_short_forms
from kb.recognise.spans import AnchoredPattern, select
from kb.reference import DATA_DIR
from kb.resolve import resolve_mentions

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "authorities"
CITATIONS = json.loads((DATA_DIR / "patterns" / "citations.json").read_text(encoding="utf-8"))
NAMES = json.loads((DATA_DIR / "patterns" / "authorities.json").read_text(encoding="utf-8"))
GENERIC = json.loads((DATA_DIR / "patterns" / "generic_law.json").read_text(encoding="utf-8"))
FORM_EXAMPLES = [(form["form"], ex["text"], ex["ids"]) for form in CITATIONS["forms"] for ex in form["examples"]]
RECOGNISER = load_recogniser(DATA_DIR)


def ids(nlp, text: str) -> list[str | None]:
    doc = annotate(nlp, text, [(0, len(text))])
    mentions = resolve_mentions(doc, "test").mentions
    return [m.authority_id for m in mentions]


def test_recognise_authorities_pattern_files_have_examples() -> None:
    for data in (CITATIONS, NAMES, GENERIC):
        assert data["description"]
        assert all(piece["why"] for piece in data["pieces"].values())
    assert all(form["examples"] and form["why"] for form in CITATIONS["forms"])


@pytest.mark.parametrize(("form", "text", "expected"), FORM_EXAMPLES, ids=[f"{f}:{t}" for f, t, _ in FORM_EXAMPLES])
def test_recognise_authorities_citation_form_examples(form: str, text: str, expected: list[str]) -> None:
    assert [c.key for c in select(find_citations(text, load_citations(DATA_DIR)))] == expected


@pytest.mark.parametrize("example", GENERIC["examples"], ids=lambda e: e["text"])
def test_recognise_authorities_generic_law_examples(example: dict) -> None:
    found = [c.surface for c in select(find_generic_law(example["text"], load_generic_law(DATA_DIR)))]
    assert found == example["generic"]


@pytest.mark.parametrize("example", NAMES["named_act"]["examples"], ids=lambda e: e["text"])
def test_recognise_authorities_named_act_examples(example: dict) -> None:
    assert [c.surface for c in find_named_acts(example["text"], load_names(DATA_DIR))] == example["names"]


@pytest.mark.parametrize("example", NAMES["case_name"]["examples"], ids=lambda e: e["text"])
def test_recognise_authorities_case_name_examples(example: dict) -> None:
    found = [c.surface for c in find_cases(example["text"], load_names(DATA_DIR))]
    assert all(any(name in surface for surface in found) for name in example["names"])
    assert bool(found) == bool(example["names"])


@pytest.mark.parametrize("example", NAMES["agency_decision"]["examples"] + NAMES["docket_decision"]["examples"], ids=lambda e: e["text"])
def test_recognise_authorities_agency_decision_examples(example: dict) -> None:
    assert [c.surface for c in find_agency_decisions(example["text"], load_names(DATA_DIR))] == example["names"]


def test_recognise_authorities_agency_decision_takes_a_case_id_from_the_protester() -> None:
    text = "unreasonable. Tern Ridge Techs., B\u2011422590, Aug. 19, 2024, 2024 CPD \u00b6 201 at 7."
    [decision] = find_agency_decisions(text, load_names(DATA_DIR))
    assert (decision.key, decision.name, decision.authority_kind) == ("us/case/tern-ridge-techs", "Tern Ridge Techs.", "case")


@pytest.mark.parametrize("example", NAMES["act_acronyms"]["examples"], ids=lambda e: e["text"])
def test_recognise_authorities_act_acronym_examples(example: dict) -> None:
    assert [c.name for c in find_act_acronyms(example["text"], load_names(DATA_DIR))] == example["names"]


@pytest.mark.parametrize("example", NAMES["institution_names"]["examples"], ids=lambda e: e["text"])
def test_recognise_authorities_a_court_named_after_a_law_is_no_citation_of_it(nlp, example: dict) -> None:
    assert ids(nlp, example["text"]) == example["ids"]


SHORT_FORMS_IN_CONTEXT = [
    # a regulation's own dotted sections, of the part an earlier citation names; its heading is no citation
    ("This rule amends 32 CFR part 236.\n\n\u00a7 236.2 Definitions.\n\nAs \u00a7 236.4(b) of this part and \u00a7 17.5 say.",
     ["us/cfr/t32/pt236", "us/cfr/t32/s236.4"]),
    # a regulation's sections by number alone, of a part the text cites; its heading lines are no citations
    ("This rule amends 48 CFR parts 204 and 252.\n\n204.7304 Scope.\n\nAmend section 204.7304(e) and use the clause at 252.239-7001 "
     "as 3.5 percent of section 1.7 of Executive Order 12333 requires.",
     ["us/cfr/t48/pt204", "us/cfr/t48/pt252", "us/cfr/t48/s204.7304", "us/cfr/t48/s252.239-7001", "us/eo/12333"]),
    # a regulation's heading wrapped onto a second line is no citation either (issue 14 d)
    ("This rule amends 48 CFR part 219.\n\n219.705 Subcontracting plans for the acquisition\nof commercial items.\n\n"
     "Apply 219.705(b) to each plan.", ["us/cfr/t48/pt219", "us/cfr/t48/s219.705"]),
    # a footnote marked with superscript digits, as web copies write them, is the note "supra note 8" names
    ("Body.\n\n\u2078 National Security Memorandum 25.\n\u00b9\u2075 See also supra note 8.", ["us/pres/nsm/25", "us/pres/nsm/25"]),
    # a crosswalked section of the one act the text names; a caption's whole first party, line break after "v." and all
    ("Title VII of FISA includes sections 703\nand 704.", ["us/pl/95/511", "us/usc/t50/s1881b", "us/usc/t50/s1881c"]),
    ("See Youngstown Sheet & Tube Co. v.\nSawyer, 343 U.S. 579, 637 (1952); Spokeo, Inc. v. Robins, 578 U.S. 330 (2016).",
     ["us/case/youngstown-sheet-tube-co-v-sawyer", "us/case/spokeo-inc-v-robins"]),
    # a GAO decision cited again by its protester's name and "supra", the name broken across lines
    ("Calloway Mission Sys., Inc., B-419863.3, Oct. 4, 2021, 2021 CPD \u00b6 352 at 5. See Calloway\nMission Sys., Inc., supra, at 3.",
     ["us/case/calloway-mission-sys-inc", "us/case/calloway-mission-sys-inc"]),
    # a table of authorities' column heading is no word of the first caption under it
    ("TABLE OF AUTHORITIES\nCases:                 PAGE\nCarpenter v. United States, 585 U.S. 296 (2018) ...... 16",
     ["us/case/carpenter-v-united-states"]),
    # a lower-case "id." where a citation stands repeats the case; after a cite to the record it repeats that cite
    ("Katz v. United States, 389 U.S. 347 (1967), was remanded, id. at 360. Defs.' Mem. at 4, ECF No. 14; id. at 5.",
     ["us/case/katz-v-united-states", "us/case/katz-v-united-states"]),
    # a case's quoted short form, defined after its parenthetical year and a reporter broken across lines
    ("The standards vary. United States v. United States District Court, 407 U.S.\n297, 322 (1972) (\u201cKeith\u201d). Keith reserved it. Keith, supra.",
     ["us/case/united-states-v-united-states-district-court"] * 4),
    # a list of reference letters cites each item of the list of references
    ("1.  POLICY.  Comply with References (a), (c), and (b).\n\nREFERENCES\n(a)  Executive Order 12333\n"
     "(b)  DoD Instruction 3025.21\n(c)  PPD-28\n",
     ["us/eo/12333", "us/pres/ppd/28", "us/dod/dodi/3025.21", "us/eo/12333", "us/dod/dodi/3025.21", "us/pres/ppd/28"]),
    # "V Stat. at P" cites again the act cited at that volume's page below P; a number before "Stat." is no section
    ("Pub. L. No. 118-49, 138 Stat. 862 (2024); see RISAA \u00a7 2(a), 138 Stat. at 863.",
     ["us/pl/118/49", "us/pl/118/49", "us/pl/118/49", "us/pl/118/49/s2", "us/pl/118/49"]),
    # subsections "of that section" are of the Code section cited last
    ("Section 702 of FISA (50 U.S.C. \u00a7\n1881a) applies under subsections (e) and (f) of that section.",
     ["us/usc/t50/s1881a", "us/pl/95/511", "us/usc/t50/s1881a", "us/usc/t50/s1881a"]),
    # "that chapter" is the Code chapter cited last; "chapter 35, subchapter II of that title" is in the title cited last
    ("Chapter 119 of title 18 and that chapter's rules. See section 3554 of title 44, U.S.C., and chapter 35, subchapter II of that\ntitle.",
     ["us/usc/t18/ch119", "us/usc/t18/ch119", "us/usc/t44/s3554", "us/usc/t44/ch35/schii"]),
    # a dotted section sign is never a Code section
    ("See 50 U.S.C. 3330 and \u00a7 236.2.", ["us/usc/t50/s3330"]),
    # a Code section cited in full, named again as "Section N"; an act's "Section 702" is left to the act forms
    ("Under 50 U.S.C. \u00a7 1806(f), review is ex parte. Section 1806(f) applies; section 1806 of title 50 too.",
     ["us/usc/t50/s1806", "us/usc/t50/s1806", "us/usc/t50/s1806"]),
    # "Id. \u00a7 N": a section of the act, or of the Code title, cited just before
    ("P.L. 118-49, \u00a7 2(a). Id. \u00a7 101.", ["us/pl/118/49", "us/pl/118/49/s2", "us/pl/118/49/s101"]),
    ("18 U.S.C. \u00a7 2511. Id. \u00a7 2518(3).", ["us/usc/t18/s2511", "us/usc/t18/s2518"]),
    # an order's or memorandum's section pinpoints it, whatever C.F.R. part shares its number
    ("OMB Memorandum M-24-10 applies; see id. \u00a7 5(c).", ["us/omb/m-24-10", "us/omb/m-24-10"]),
    ("48 CFR part 4 applies. National Security Memorandum 25, \u00a7 4.2(e).", ["us/cfr/t48/pt4", "us/pres/nsm/25"]),
    # issue 14 (a): sections listed after "§§" alone are in the title of an item cited in full before, not of the
    # Code title cited last; a lone "§" may end its line
    ("Review lies under 50 U.S.C. \u00a7 1805(b). Damages follow, 18 U.S.C. \u00a7 2520(a), for breaches of "
     "\u00a7\u00a7 1805(b), 1824(c), and 1842(d) and of \u00a7\n2520(b).",
     ["us/usc/t50/s1805", "us/usc/t18/s2520", "us/usc/t50/s1805", "us/usc/t50/s1824", "us/usc/t50/s1842", "us/usc/t18/s2520"]),
    # issue 14 (b): more subsections after a pinpointed citation are more pinpoints of it; a list in the prose is not
    ("Claims arise under 5 U.S.C. \u00a7 552a(b)(3) and (e)(4)(D); see also 18 U.S.C. \u00a7 2511(2)(a), (f).",
     ["us/pl/93/579", "us/pl/93/579", "us/usc/t18/s2511", "us/usc/t18/s2511"]),
    ("It requires (1) notice under 50 U.S.C. \u00a7 1806(c), and (2) a hearing.", ["us/usc/t50/s1806"]),
    # issue 14 (c): "id. \u00a7 N" after an act's section written beside its Code citation is that Code title's section
    ("Section 105 of FISA, 50 U.S.C. \u00a7 1805, governs orders; whoever breaches section 109, id. \u00a7 1809, is liable.",
     ["us/usc/t50/s1805", "us/pl/95/511", "us/usc/t50/s1805", "us/usc/t50/s1809", "us/usc/t50/s1809"]),
    # after an act named without its title, a section number the text cited in full in one title is that section again
    ("Protests lie under 10 U.S.C. \u00a7 3406(f)(1)(B); costs, 31 U.S.C. \u00a7 3554(b). The Data Shield Act of 2031 "
     "limits review. Id. \u00a7 3406(f)(1).",
     ["us/usc/t10/s3406", "us/usc/t31/s3554", "us/act/data-shield-act", "us/usc/t10/s3406"]),
    # a Code note an order is reprinted in is no antecedent of "id."
    ("Exec. Order No. 14,999, 96 Fed. Reg. 100 (Jan. 4, 2031), reprinted in 50 U.S.C. \u00a7 3099 note; see id. \u00a7 2.",
     ["us/eo/14999", "us/fr/96/100", "us/eo/14999", "us/eo/14999"]),
    # "Smith, supra note 1": the authority in note 1 the name is of, not the note's first
    ("Body.\u00b9 More.\u00b2\n\n\u00b9 U.S. Const. amend. IV; Smith v. Maryland, 442 U.S. 735 (1979).\n"
     "\u00b2 Smith, supra note 1, at 745; see supra note 1.",
     ["us/const/amdt4", "us/case/smith-v-maryland", "us/case/smith-v-maryland", "us/const/amdt4"]),
    # notes after the body: a case cited in full only in a note is named by its party in the body before it,
    # but a caption alone in a note (an opinion's own) names nothing in the body
    ("As the court held in Hasbajrami,\u00b9 Holloway loses.\u00b2\n\n\u00b9 United States v. Hasbajrami, 945 F.3d 641 (2d "
     "Cir. 2019).\n\u00b2 Holloway v. United States is a criminal case.",
     ["us/case/united-states-v-hasbajrami", "us/case/united-states-v-hasbajrami", "us/case/holloway-v-united-states"]),
    # a case's name defined in a note after the body is used in the body before it too
    ("Keith settled the domestic question.\u00b9\n\n\u00b9 United States v. United States District Court, 407 U.S. 297 "
     "(1972) (\u201cKeith\u201d).",
     ["us/case/united-states-v-united-states-district-court", "us/case/united-states-v-united-states-district-court",
      "us/case/united-states-v-united-states-district-court"]),
    # the federal rules: a bare rule is of the set that cited that rule's number, else of the set cited last
    ("Fed. R. Civ. P. 12(b)(1); Fed. R. Evid. 702. Under Rule 12(b)(6) and Rule 703; not Local Civil Rule 7(h).",
     ["us/frcp/12", "us/fre/702", "us/frcp/12", "us/fre/703"]),
]


@pytest.mark.parametrize("text, expected", SHORT_FORMS_IN_CONTEXT, ids=[t[:40] for t, _ in SHORT_FORMS_IN_CONTEXT])
def test_recognise_authorities_short_forms_read_from_what_the_text_cited(nlp, text: str, expected: list[str]) -> None:
    assert ids(nlp, text) == expected


@pytest.mark.parametrize("example", NAMES["anaphora"]["examples"], ids=lambda e: e["text"])
def test_recognise_authorities_anaphora_examples(nlp, example: dict) -> None:
    # issue 14 (f): "the Act" / "the Order" / "the Directive" is the one such authority its paragraph cites
    assert ids(nlp, example["text"]) == example["ids"]


@pytest.mark.parametrize("example", NAMES["section_reference"]["examples"], ids=lambda e: e["text"])
def test_recognise_authorities_section_reference_examples(example: dict) -> None:
    context = RECOGNISER.context
    found = [item.group("number") for match in context.section.finditer(example["text"])
             for item in context.section_item.finditer(example["text"], match.start("number"), match.end())]
    assert found == example["sections"]


SHORT_FORM_EXAMPLES = [(name, ex) for name, form in NAMES["short_forms"].items()
                       if isinstance(form, dict) and "examples" in form for ex in form["examples"]]


@pytest.mark.parametrize(("name", "example"), SHORT_FORM_EXAMPLES, ids=[f"{n}:{e['text']}" for n, e in SHORT_FORM_EXAMPLES])
def test_recognise_authorities_short_form_examples(name: str, example: dict) -> None:
    form = getattr(load_short_forms(DATA_DIR), name)
    pattern = form.patterns[0] if isinstance(form, AnchoredPattern) else form
    match = pattern.search(example["text"])
    assert (match.group(0) if match else None) == example["match"]
    if isinstance(form, AnchoredPattern) and match:  # the anchor words find it too
        assert match.span() in {m.span() for m in form.finditer(example["text"])}


@pytest.mark.parametrize("example", NAMES["case_tail"]["examples"], ids=lambda e: e["text"])
def test_recognise_authorities_case_tail_examples(example: dict) -> None:
    assert load_names(DATA_DIR).case_tail.match(example["text"]).group(0) == example["tail"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # regression: an ordinal after a comma took the space with it (", Fourth Amendment")
        ("For much of our history, Fourth Amendment doctrine", [("Fourth Amendment", "us/const/amdt4")]),
        # regression: a section at the end of a sentence was not a section ("under Section 702.")
        ("Under FISA, collection under Section 702.", [("FISA", "us/pl/95/511"), ("Section 702", "us/usc/t50/s1881a")]),
        # typists run the prefix into the number; a cased informal alias
        ("EO12333 and Posse Comitatus", [("EO12333", "us/eo/12333"), ("Posse Comitatus", "us/usc/t18/s1385")]),
        # a bare-section alias yields to an owner written after it
        ("Section 230 of the Internal Revenue Code; Section 230 protects platforms",
         [("Section 230", "us/usc/t47/s230")]),
        # short forms point back at the full citation
        ("Smith v. Maryland, 442 U.S. 735 (1979). Id. at 743. See Smith, 442 U.S. at 740. In Smith, the Court",
         [("Smith v. Maryland, 442 U.S. 735 (1979)", "us/case/smith-v-maryland"),
          ("Id. at 743", "us/case/smith-v-maryland"), ("Smith, 442 U.S. at 740", "us/case/smith-v-maryland"),
          ("Smith", "us/case/smith-v-maryland")]),
        # a later bare section sign repeats the Code section; an article needs the Constitution cited
        ("18 U.S.C. \u00a7 2703(d). An order under \u00a7 2703(d) and the Fourth Amendment; Art. II, \u00a7 2",
         [("18 U.S.C. \u00a7 2703(d)", "us/usc/t18/s2703"), ("\u00a7 2703(d)", "us/usc/t18/s2703"),
          ("Fourth Amendment", "us/const/amdt4"), ("Art. II, \u00a7 2", "us/const/art2")]),
        # a bare section sign after a Code citation is another section of that title (blind opinion), unless
        # something else was cited last or the sign opens a section heading (blind U.S. Code chapter)
        ("the Wiretap Act, 18 U.S.C. \u00a7\u00a72510\u20132522. See \u00a72518(3). OMB M-24-10, \u00a7 2.\n\u00a72511. Interception",
         [("Wiretap Act", "us/act/wiretap-act"), ("18 U.S.C. \u00a7\u00a72510", "us/usc/t18/s2510"),
          ("2522", "us/usc/t18/s2522"), ("\u00a72518(3)", "us/usc/t18/s2518"), ("OMB M-24-10", "us/omb/m-24-10")]),
        # right after a Code chapter, a section named by its number alone is a section of that chapter's title,
        # and "Section 702" with nothing of the Code before it stays the act's (blind OLC opinion)
        ("The rule sits in chapter 47 of title 10, which holds the code. Section 892 punishes a failure, and "
         "\u00a7 893 a dismissal. Section 702 of FISA is another matter.",
         [("chapter 47 of title 10", "us/usc/t10/ch47"), ("Section 892", "us/usc/t10/s892"), ("\u00a7 893", "us/usc/t10/s893"),
          ("Section 702", "us/usc/t50/s1881a"), ("FISA", "us/pl/95/511")]),
        # a bare section later in the sentence is the act's whose section the sentence named first, not an item of
        # the Code cite between; a new sentence, or another act named between, ends that (blind CRS report)
        ("Section 4 of the Paperwork Reduction Act of 1995 changed 44 U.S.C. \u00a7 3506(c), and section 9 set a date. "
         "Section 11 is another matter.",
         [("Section 4", "us/act/paperwork-reduction-act/s4"), ("Paperwork Reduction Act of 1995", "us/act/paperwork-reduction-act"),
          ("44 U.S.C. \u00a7 3506(c)", "us/usc/t44/s3506"), ("section 9", "us/act/paperwork-reduction-act/s9")]),
        # an anchor word with a space in it is found where the text has a no-break space or a line break
        # there (blind8 circuit opinion)
        ("The warrant complied with Fed.\u00a0R. Crim. P. 41(e)(2) and Fed.\nR. Evid. 702.",
         [("Fed.\u00a0R. Crim. P. 41(e)(2)", "us/frcrmp/41"), ("Fed.\nR. Evid. 702", "us/fre/702")]),
        # a party's name is the case cited with it last; a State that prosecutes is no short name; "the Carpenter
        # Court" is the case, "Karen Carpenter" is not (blind8 circuit opinion)
        ("Smith v. Maryland, 442 U.S. 735 (1979). In Smith the Court held. United States v. Smith, 110 F.4th 817 "
         "(5th Cir. 2024). The Fifth Circuit in Smith declined. Ohio v. Roberts, 448 U.S. 56 (1980). Roberts "
         "controls, as the Roberts Court said; Karen Roberts did not.",
         [("Smith v. Maryland, 442 U.S. 735 (1979)", "us/case/smith-v-maryland"), ("Smith", "us/case/smith-v-maryland"),
          ("United States v. Smith, 110 F.4th 817 (5th Cir. 2024)", "us/case/united-states-v-smith"),
          ("Smith", "us/case/united-states-v-smith"), ("Ohio v. Roberts, 448 U.S. 56 (1980)", "us/case/ohio-v-roberts"),
          ("Roberts", "us/case/ohio-v-roberts"), ("Roberts", "us/case/ohio-v-roberts")]),
        # inside a quotation of the Code section cited right after it, "this chapter", "this title" and
        # "subsection (b)" are that section's (blind OLC opinion, blind8 circuit opinion); outside it, nothing
        ("It says remedies \u201care the only remedies for violations of this chapter.\u201d 18 U.S.C. \u00a7 2708. "
         "And \u201cunder this title, except as in subsection (b).\u201d 10 U.S.C. \u00a7 395(a)(1). Under this title, no.",
         [("this chapter", "us/usc/t18/ch121"), ("18 U.S.C. \u00a7 2708", "us/usc/t18/s2708"), ("this title", "us/usc/t10"),
          ("subsection (b)", "us/usc/t10/s395"), ("10 U.S.C. \u00a7 395(a)(1)", "us/usc/t10/s395")]),
        # the Supreme Court's short cite puts a comma before "at"; a source credit's section belongs to its law
        ("Smith v. Maryland, 442 U.S. 735 (1979). See 442 U. S., at 743.",
         [("Smith v. Maryland, 442 U.S. 735 (1979)", "us/case/smith-v-maryland"), ("442 U. S., at 743", "us/case/smith-v-maryland")]),
        ("(Added Pub. L. 115\u2013141, div. V, \u00a7105(a)(1), Mar. 23, 2018, 132 Stat. 1217.)",
         [("Pub. L. 115\u2013141", "us/pl/115/141"), ("\u00a7105(a)(1)", "us/pl/115/141/s105"), ("132 Stat. 1217", "us/pl/115/141")]),
        # a caption ends at a sentence's full stop, and a footnote superscript is not part of it (blind2 memo)
        ("under Carpenter v. United\nStates. There the Court declined to extend Smith v. Maryland\u00b2\u00b3 to such",
         [("Carpenter v. United\nStates", "us/case/carpenter-v-united-states"), ("Smith v. Maryland", "us/case/smith-v-maryland")]),
        # an order's own section pinpoint is not a section of an act whose section 2 the text cited (blind2 memo)
        ("RISAA \u00a7 2 extended it. Exec. Order No. 14086, \u00a7 2(c)(iii), 87 Fed. Reg. 62283.",
         [("RISAA", "us/pl/118/49"), ("\u00a7 2", "us/pl/118/49/s2"), ("Exec. Order No. 14086", "us/eo/14086"),
          ("87 Fed. Reg. 62283", "us/fr/87/62283")]),
        # "supra note N" cites what footnote N cited first; "Ibid." what was cited just before (blind IG report)
        ("The memo governs.\u2074 See supra note 4. Ibid.\n\nNOTES\n4 National Security Memorandum 25, \u00a7 4.2.\n"
         "5 Supra note 4.",
         [("supra note 4", "us/pres/nsm/25"), ("Ibid.", "us/pres/nsm/25"), ("National Security Memorandum 25", "us/pres/nsm/25"),
          ("Supra note 4", "us/pres/nsm/25")]),
        # "that Act" is the statute named last; "such title" the Code title the bill's own words named last,
        # not one cited inside its quoted new text (blind U.S. Code chapter, blind amending act)
        ("as defined in the Foreign Intelligence Surveillance Act of 1978, as authorized by that Act.",
         [("Foreign Intelligence Surveillance Act of 1978", "us/pl/95/511"), ("that Act", "us/pl/95/511")]),
        ("Title 10, United States Code, is amended by adding:\n\u201c(d) See section 3502 of title 44.\u201d.\n"
         "(b) The table of sections of chapter 3 of such title is amended.",
         [("Title 10", "us/usc/t10"), ("section 3502 of title 44", "us/usc/t44/s3502"),
          ("chapter 3 of such title", "us/usc/t10/ch3")]),
        # a DoD issuance's reference list, its header line, and a section after the act
        ("DOD INSTRUCTION 3025.99\n\nunder reference (a).\n\n(a) DoD Instruction 3025.21, \"Defense Support\"",
         [("reference (a)", "us/dod/dodi/3025.21"), ("DoD Instruction 3025.21", "us/dod/dodi/3025.21"),
          ("Defense Support", "us/dod/dodi/3025.21")]),
        ("E-Government Act of 2002 \u00a7 208 and the FY24 NDAA",
         [("E-Government Act of 2002", "us/act/e-government-act"), ("\u00a7 208", "us/act/e-government-act/s208"),
          ("FY24 NDAA", "us/pl/118/31")]),
        # issue 14 (e): an NDAA named for a person is the curated act, whatever the line break or nickname
        ("Section 1051 of the John S.\nMcCain National Defense Authorization Act for Fiscal Year 2019 and the William M. (Mac) "
         "Thornberry NDAA for FY2021 precede the James M. Inhofe National Defense Authorization Act for Fiscal Year 2023.",
         [("Section 1051", "us/pl/115/232/s1051"),
          ("John S.\nMcCain National Defense Authorization Act for Fiscal Year 2019", "us/pl/115/232"),
          ("William M. (Mac) Thornberry NDAA for FY2021", "us/pl/116/283"),
          ("James M. Inhofe National Defense Authorization Act for Fiscal Year 2023", "us/pl/117/263")]),
        # ordinary prose: none of these is law
        ("the Lakers vs. Celtics game, Article III of the lease, the law firm, Act II, an invoice of $3000.09", []),
    ],
)
def test_recognise_authorities_unseen_text_regressions(nlp, text: str, expected: list[tuple[str, str]]) -> None:
    doc = annotate(nlp, text, [(0, len(text))])
    mentions = resolve_mentions(doc, "test").mentions
    assert [(m.surface, m.authority_id) for m in mentions] == expected


@pytest.mark.parametrize("example", NAMES["quoted_title"]["examples"], ids=lambda e: e["text"])
def test_recognise_authorities_quoted_title_examples(example: dict) -> None:
    assert RECOGNISER.context.quoted_title.search(example["text"]).group("title") == example["title"]


@pytest.mark.parametrize("example", NAMES["apposition"]["examples"], ids=lambda e: e["text"])
def test_recognise_authorities_apposition_examples(nlp, example: dict) -> None:
    assert ids(nlp, example["text"]) == example["ids"]


@pytest.mark.parametrize("example", NAMES["case_reporter_hint"]["examples"], ids=lambda e: e["text"])
def test_recognise_authorities_reporter_hint_examples(example: dict) -> None:
    assert bool(reporter_windows(example["text"], load_names(DATA_DIR).reporter_hint)) == example["hint"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names, short names and informal forms (issue 3, recognition 1)
        ("Collection under FISA is limited.", ["us/pl/95/511"]),
        ("the FISA Act", ["us/pl/95/511"]),
        ("EO 12333 and E.O. 12333 and Exec. Order No. 12333", ["us/eo/12333"] * 3),
        ('Executive Order ("EO") 13859', ["us/eo/13859"]),
        ("Executive Order (\u201cEO\u201d) 13859", ["us/eo/13859"]),
        ("DoDD 3000.09", ["us/dod/dodd/3000.09"]),
        ("Department of Defense Instruction 5000.02", ["us/dod/dodi/5000.02"]),
        ("4th Amendment and U.S. Const. amend. IV", ["us/const/amdt4", "us/const/amdt4"]),
        ("the Foreign Intelligence and Surveillance Act", ["us/pl/95/511"]),  # an inserted word
        ("the posse  comitatus\u00a0act", ["us/usc/t18/s1385"]),  # case and spacing
        # formal citations of authorities not in the registry (recognition 2)
        ("50 U.S.C. \u00a7 1801 and 50 USC 1801", ["us/usc/t50/s1801", "us/usc/t50/s1801"]),
        ("50\u00a0U.S.C.\u00a0\u00a7\u00a01802(a)(1)", ["us/usc/t50/s1802"]),
        ("28 C.F.R. \u00a7 0.85 and 88 Fed. Reg. 12345", ["us/cfr/t28/s0.85", "us/fr/88/12345"]),
        ("PPD-41, NSM-8 and M-21-31", ["us/pres/ppd/41", "us/pres/nsm/8", "us/omb/m-21-31"]),
        ("DoD 7000.14-R", ["us/dod/dod/7000.14-r"]),
        ("the Twenty-Fifth Amendment", ["us/const/amdt25"]),
        ("Section 215 of the USA PATRIOT Act", ["us/usc/t50/s1861", "us/pl/107/56"]),
        ("Carpenter v. U.S. and Carpenter v. United States", ["us/case/carpenter-v-united-states"] * 2),
        # acts named by title with a year (recognition 3)
        ("the Intelligence Reform and Terrorism Prevention Act of 2004",
         ["us/act/intelligence-reform-and-terrorism-prevention-act"]),
        # enumerations (recognition 4)
        ("E.O. 13636, 13691, and 13800", ["us/eo/13636", "us/eo/13691", "us/eo/13800"]),
        ("Sections 214/215/216 of the USA PATRIOT Act",
         ["us/pl/107/56/s214", "us/usc/t50/s1861", "us/pl/107/56/s216", "us/pl/107/56"]),
        # generic references (recognition 5)
        ("consistent with applicable law and US law", [None, None]),
        # a document's reference to itself is not a citation (recognition 7)
        ("as provided in section 3 of this order", []),
        ("This Act may be cited as the \u201cData Shield Act\u201d. The Data Shield Act applies.", []),
        # regression: an order's own title line, in a file with Windows line ends, was cited as itself
        ("EXECUTIVE ORDER 14999\r\n\r\nBy the authority vested in me, it is ordered.\r\n", []),
        # a two-level subsection the paragraph cited as a section's pinpoint, written alone again; not one it did not cite,
        # nor in the next paragraph (blind5 SORN)
        ("Records are exempt under 5 U.S.C. 552a(j)(2) and (k)(3). Exemption (j)(2) covers files; (k)(3) covers others, not (k)(4)."
         "\n\nIn a new paragraph (j)(2) is not read.", ["us/pl/93/579"] * 4),
        # a Code chapter cited in full, named again by its number; once two titles' chapters share it, it is ambiguous (blind OCR memo)
        ("Interception needs chapter 206 of title 18, United States Code. FISA and chapter 206 are exclusive; chapter 3 is not, "
         "nor chapter 206 of title 50, so chapter 206 is unclear.",
         ["us/usc/t18/ch206", "us/pl/95/511", "us/usc/t18/ch206", "us/usc/t50/ch206"]),
        # a codified text's note: "this Act" is the act the note's line named last, never a Code unit cited by number (blind U.S. Code chapter)
        ("TITLE 18\u2014CRIMES\n\n\u00a72511. Interception of communications\nThe Privacy Act of 1974, referred to in subsec. (a), is Pub. L. 93\u2013579. "
         "For complete classification of this Act to the Code, see Tables.\nSee section 2511 of title 18 on this Act.\n",
         ["us/pl/93/579"] * 3 + ["us/usc/t18/s2511"]),
        # outside a codified text "this Act" is the document's own
        ("Memo\n\nThe Privacy Act of 1974 applies. Nothing in this Act limits it.", ["us/pl/93/579"]),
        # a party's name after a heading's outline letter and after a sentence's "The"; not after a person's initial (blind7 law review)
        ("See Katz v. United States, 389 U.S. 347 (1967).\n\nA. Katz and Privacy\n\nThe Katz test governs, but J. Katz dissented.",
         ["us/case/katz-v-united-states"] * 3),
        # sections after a public law under a double section sign, a range's dash among them (blind7 law review)
        ("Under Pub. L. 116-260 \u00a7\u00a7 5\u20137, 12 and the sunset.",
         ["us/pl/116/260", "us/pl/116/260/s5", "us/pl/116/260/s7", "us/pl/116/260/s12"]),
        # a range of subsections after a pinpointed section: its last item is a pinpoint too, and a list may follow (blind7 FISC)
        ("Under 50 U.S.C. \u00a7 1806(a), review is ex parte; see id. \u00a7 1806(c)\u2013(e), (g). Section 1806(c)\u2013(e) and more.",
         ["us/usc/t50/s1806"] * 6),
        # an acronym after an order that the text spells out for other words glosses its subject; an act's twice-defined one is its own (blind5 SORN)
        ("Under E.O. 9397 (TIN), as amended. Records hold a Taxpayer Identification\nNumber (TIN) and the TIN of each filer. "
         "The Privacy Act of 1974 (PA) applies; as the Privacy Act of 1974 (PA) says, PA governs.",
         ["us/eo/9397"] + ["us/pl/93/579"] * 5),
        # a caption's "for" before a capitalised word, a number inside a party, a long Bluebook abbreviation (blind7, blind5 GAO)
        ("Under Smith v. Jones for the most part; Gulf Transp. Co. v. Smith, 1 U.S. 2; Hale Sch. Dist. 12C v. Roe, 3 U.S. 4; "
         "Agency for Pub. Health v. Doe, 5 U.S. 6.",
         ["us/case/smith-v-jones", "us/case/gulf-transp-co-v-smith", "us/case/hale-sch-dist-12c-v-roe",
          "us/case/agency-for-pub-health-v-doe"]),
        # a title line under a classification marking is still the document's own (blind ICD)
        ("SECRET//NOFORN\n\nDOD DIRECTIVE 5148.99\n\nThis directive implements DoDD 5240.01 and DoDD 5148.99.", ["us/dod/dodd/5240.01"]),
        # an opinion's caption line in capitals is the opinion itself, and so is its case named again (blind opinion)
        ("REYES v. BOARD OF PAROLE\n\nOpinion of the Court\n\nMARTA REYES, APPELLANT v. BOARD OF PAROLE\n\nReyes v. Board of Parole asks what "
         "Katz v. United States, 389 U.S. 347 (1967), held. Cf. Roe v. Board of Parole, 1 U.S. 2.",
         ["us/case/katz-v-united-states", "us/case/roe-v-board-of-parole"]),
        # things that are not law
        ("U.S. law enforcement agencies and the First Amendment to the Agreement", []),
    ],
)
def test_recognise_authorities_issue_forms(nlp, text: str, expected: list[str | None]) -> None:
    assert ids(nlp, text) == expected


@pytest.mark.parametrize("key", ["defined_short_form", "defined_term"])
def test_recognise_authorities_definition_examples(key: str) -> None:
    pattern = getattr(RECOGNISER.context, {"defined_short_form": "defined", "defined_term": "defined_term"}[key])
    for example in NAMES[key]["examples"]:
        match = pattern.search(example["text"])
        forms = ([match.group("quoted") or match.group("acronym")] + ([match.group("quoted_too")] if match.group("quoted_too") else [])
                 if key == "defined_short_form" else [match.group("quoted")])
        assert forms == example["forms"]


def test_recognise_authorities_a_term_defined_as_an_act_cites_it_but_this_act_does_not(nlp) -> None:
    text = ("In this Act, the term \u201cAct\u201d means the Foreign Intelligence Surveillance Act of 1978. "
            "Section 603 of the Act is amended. This Act takes effect; the Act's reports continue.")
    mentions = resolve_mentions(annotate(nlp, text, [(0, len(text))]), "test").mentions
    assert [(m.surface, m.authority_id) for m in mentions] == [
        ("Act", "us/pl/95/511"), ("Foreign Intelligence Surveillance Act of 1978", "us/pl/95/511"),
        ("Section 603", "us/usc/t50/s1873"), ("Act", "us/pl/95/511"), ("Act", "us/pl/95/511"),
    ]


def test_recognise_authorities_defined_short_form_is_its_own_mention(nlp) -> None:
    text = 'the Intelligence Reform and Terrorism Prevention Act of 2004 ("IRTPA"). Later, IRTPA applies.'
    doc = annotate(nlp, text, [(0, len(text))])
    spans = [(c.surface, c.method) for c in doc._.kb_authority_spans]
    assert spans[1:] == [("IRTPA", "defined_alias"), ("IRTPA", "defined_alias")]


def test_recognise_authorities_two_short_forms_defined_at_once(nlp) -> None:
    text = ("the Foreign Intelligence Surveillance Act of 1978, as amended (\u201cFISA\u201d or \u201cthe Act\u201d), applies."
            "\n\nSection 702 was enacted by section 101(a)(2) of the FISA Amendments Act of 2008.\n\nThe Act still permits queries.")
    assert ids(nlp, text) == ["us/pl/95/511", "us/pl/95/511", "us/pl/95/511", "us/usc/t50/s1881a", "us/pl/110/261/s101",
                              "us/pl/110/261", "us/pl/95/511"]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_recognise_authorities_spans_point_into_the_text(nlp, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    labels = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["mentions"]
    doc = annotate(nlp, text, [(0, len(text))])
    assert bool(doc._.kb_authority_spans) == bool(labels)  # the negative fixture of ordinary prose finds nothing
    for candidate in doc._.kb_authority_spans:
        assert text[candidate.start:candidate.end] == candidate.surface
    starts = [(c.start, c.end) for c in doc._.kb_authority_spans]
    assert all(a[1] <= b[0] for a, b in zip(starts, starts[1:]))  # sorted, never overlapping


def test_recognise_authorities_patterns_are_compiled_once() -> None:
    assert load_recogniser(DATA_DIR) is RECOGNISER


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_recognise_authorities_anchor_windows_lose_nothing(path: Path) -> None:
    """Running a form only around its anchor words finds what a full scan finds."""
    text = path.read_text(encoding="utf-8")
    scanners = [form.pattern for form in load_citations(DATA_DIR).forms]
    scanners += [load_generic_law(DATA_DIR).forms, load_names(DATA_DIR).named_act, load_names(DATA_DIR).case_name]
    scanners += [load_names(DATA_DIR).act_acronyms, load_names(DATA_DIR).agency_decision, load_names(DATA_DIR).docket_decision, RECOGNISER.context.section]
    short = load_short_forms(DATA_DIR)
    scanners += [short.case_short_cite, short.id_cite, short.bare_section, short.reference_cite, short.stat_short_cite]
    for scanner in scanners:
        windowed = {m.span() for m in scanner.finditer(text)}
        full = {m.span() for pattern in scanner.patterns for m in pattern.finditer(text)}
        assert windowed == full


@pytest.mark.parametrize("example", NAMES["act_jurisdictions"]["examples"], ids=lambda e: e["name"])
def test_recognise_authorities_act_jurisdiction_examples(example: dict) -> None:
    from kb.recognise.names import act_jurisdiction
    assert act_jurisdiction(example["name"], load_names(DATA_DIR)) == example["jurisdiction"]


@pytest.mark.parametrize("example", NAMES["article_reference"]["examples"], ids=lambda e: e["text"])
def test_recognise_authorities_article_reference_examples(example: dict) -> None:
    found = [m.group("number") for m in RECOGNISER.context.article.finditer(example["text"])]
    assert found == example["articles"]



def test_recognise_authorities_a_section_of_an_order_is_a_pinpoint_of_the_order(nlp) -> None:
    # blind ICD: "section 2(c)(iii) of EO 14086" made a record us/eo/14086/s2 and a second mention
    text = "as required by section 2(c)(iii) of EO 14086 and by FISA. See Exec. Order No. 14148, \u00a7 2(a), 90 Fed. Reg. 8237."
    mentions = resolve_mentions(annotate(nlp, text, [(0, len(text))]), "test").mentions
    assert [(m.surface, m.authority_id, m.pinpoint) for m in mentions] == [
        ("EO 14086", "us/eo/14086", "\u00a7 2(c)(iii)"), ("FISA", "us/pl/95/511", None),
        ("Exec. Order No. 14148", "us/eo/14148", "\u00a7 2(a)"),  # written after the order: its pinpoint too
        ("90 Fed. Reg. 8237", "us/fr/90/8237", None),
    ]


def test_recognise_authorities_a_section_of_a_referenced_code_title_is_that_section(nlp) -> None:
    # blind DoD issuance: "section 2723 of Reference (a)" gave the title, not the section
    text = "as authorized by section 2723 of Reference (a).\n\nREFERENCES\n\n(a) Title 10, United States Code\n"
    mentions = resolve_mentions(annotate(nlp, text, [(0, len(text))]), "test").mentions
    assert [(m.surface, m.authority_id) for m in mentions] == [
        ("section 2723 of Reference (a)", "us/usc/t10/s2723"), ("Title 10", "us/usc/t10"),
    ]


@pytest.mark.parametrize("text, pinpoints", [
    ("section 1.7(c) of Executive Order 12333 and Section 2(b) of EO 12333", ["\u00a7 1.7(c)", "\u00a7 2(b)"]),  # a curated order
    ("Under EO 14091, \u00a7 2.3, and section 4.1 of DoD Instruction 3025.21", ["\u00a7 2.3", "\u00a7 4.1"]),
])
def test_recognise_authorities_an_order_s_dotted_sections_are_its_pinpoints(nlp, text: str, pinpoints: list[str]) -> None:
    doc = annotate(nlp, text, [(0, len(text))])
    assert [m.pinpoint for m in resolve_mentions(doc, "test").mentions] == pinpoints


@pytest.mark.parametrize("example", NAMES["subsequent_history"]["examples"], ids=lambda e: e["text"])
def test_recognise_authorities_subsequent_history_examples(nlp, example: dict) -> None:
    assert ids(nlp, example["text"]) == example["ids"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a range of C.F.R. parts that is a curated regulation's codification is one mention of it
        ("controlled under 22 CFR parts 120 through 130 and", ["us/cfr/t22/ch1/subchm"]),
        ("see 15 C.F.R. parts 730\u2013774.", ["us/cfr/t15/ch7/subchc"]),
        # any other range is its two ends
        ("controlled under 22 CFR parts 120 through 126 and", ["us/cfr/t22/pt120", "us/cfr/t22/pt126"]),
    ],
)
def test_recognise_authorities_a_part_range_that_is_a_regulation_is_that_regulation(nlp, text: str, expected: list[str]) -> None:
    assert ids(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # regression: "id." after a "(quoting ...)" parenthetical went to the quoted case, not the one cited
    ("Roe v. Doe, 501 U.S. 10, 12 (1991). See Kent v. Lane, 510 U.S. 20, 25 (1994) (quoting Roe, 501 U.S. at 12); "
     "see id. at 27.",
     ["us/case/roe-v-doe", "us/case/kent-v-lane", "us/case/roe-v-doe", "us/case/kent-v-lane"]),
    # regression: eyecite drops a party's small words ("Department Navy"); the caption as written gives the id
    ("Board of the Port v. Smith, 480 U.S. 100, 104 (1987). Id. at 105.",
     ["us/case/board-of-the-port-v-smith", "us/case/board-of-the-port-v-smith"]),
    # regression: a line break between the volume and the reporter, and before "at" in a short cite
    ("As held in Jones v. Acme Export Corp., 299\nU.S. 304, 320 (1936). See Acme, 299 U.S.\nat 321.",
     ["us/case/jones-v-acme-export-corp", "us/case/jones-v-acme-export-corp"]),
])
def test_recognise_authorities_case_short_forms_follow_the_case_cited(nlp, text: str, expected: list[str]) -> None:
    assert ids(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # regression: "id. cl. 11" was not read, and "id. § 2, cl. 1" stayed the clause cited before
    ("Congress may tax, U.S. Const. art. I, \u00a7 8, cl. 1, and declare war, id. cl. 11. The President commands, "
     "U.S. Const. art. II, \u00a7 1, cl. 1; id. \u00a7 2, cl.\n1.",
     ["us/const/art1/s8/cl1", "us/const/art1/s8/cl11", "us/const/art2/s1/cl1", "us/const/art2/s2/cl1"]),
    # "id. cl." after a Code section is not a clause of anything
    ("See 50 U.S.C. \u00a7 1801; id. \u00a7 1802.", ["us/usc/t50/s1801", "us/usc/t50/s1802"]),
    # regression: the War Powers Resolution, "the Resolution" and its section 8 (50 U.S.C. 1547) were missed
    ("Under the War Powers\nResolution, the President reports. The Resolution also says, in section\n8(d), little.",
     ["us/pl/93/148", "us/pl/93/148", "us/usc/t50/s1547"]),
])
def test_recognise_authorities_constitution_and_resolution_back_references(nlp, text: str, expected: list[str]) -> None:
    assert ids(nlp, text) == expected


def test_recognise_authorities_curated_name_hyphenated_at_a_line_end(nlp) -> None:
    # regression: "Surveil-\nlance" broke the curated name, so FISA and its defined "(FISA)" were both missed
    text = "Agents must obey the Foreign Intelligence Surveil-\nlance Act of 1978 (FISA). Later, FISA governs."
    assert ids(nlp, text) == ["us/pl/95/511", "us/pl/95/511", "us/pl/95/511"]


@pytest.mark.parametrize(("text", "expected"), [
    # regression: an OLC opinion's reporter was read as a case (us/case/20-op-o-l-c-182)
    ("See Placing of Forces Under Control, 20 Op. O.L.C. 182, 184-85 (1996); Roe v. Doe, 501 U.S. 10 (1991).",
     ["us/case/roe-v-doe"]),
    # regression: a bill's title written after its number was a non-curated act
    ("Section 9 of H.R. 812, 119th Cong. (2025), the Harbor Safety Act of 2025 as reported, would amend 10 U.S.C. \u00a7 395.",
     ["us/usc/t10/s395"]),
])
def test_recognise_authorities_opinions_and_bills_are_not_authorities(nlp, text: str, expected: list[str]) -> None:
    assert ids(nlp, text) == expected


def test_recognise_authorities_a_defined_directive_keeps_its_pinpoint(nlp) -> None:
    # regression: a defined form had kind "other", so "§ 2" after "PPD-28" became the directive's "section 2" record
    text = 'Presidential Policy Directive 28 ("PPD-28") limits use. See PPD-28, \u00a7 2.'
    doc = annotate(nlp, text, [(0, len(text))])
    spans = [(c.surface, c.pinpoint) for c in doc._.kb_authority_spans]
    assert ("\u00a7 2", None) not in spans and ids(nlp, text) == ["us/pres/ppd/28"] * 3


def test_recognise_authorities_supra_after_a_name_cites_that_name(nlp) -> None:
    # regression: "ICD 703, supra note 1, § 4" was two mentions, and the supra took note 1's first item (DoDM 5240.01)
    text = ("Collection follows the rules.\u00b9 Analysts also apply ICD 703, supra note 1, \u00a7 4, and "
            "DoDM 5240.01, supra note 1.\n1 DoDM 5240.01, \u00a7 3.2; ICD 703.")
    doc = annotate(nlp, text, [(0, len(text))])
    surfaces = [c.surface for c in doc._.kb_authority_spans]
    assert "ICD 703, supra note 1, \u00a7 4" in surfaces and "ICD 703" not in surfaces[:2]
    assert ids(nlp, text) == ["us/odni/icd/703", "us/dod/dodm/5240.01", "us/dod/dodm/5240.01", "us/odni/icd/703"]


def test_recognise_authorities_a_section_by_section_heading_is_no_citation(nlp) -> None:
    # regression: "Section 804—Commercial ..." heading a report's entry took the act section 804 cited before it
    text = ("The pathway began in section 804 of the Trade Facilitation Act of 2016.\n\n"
            "Section 804\u2014Commercial Product Determinations\n\nThis section would clarify the rules.")
    surfaces = [c.surface for c in annotate(nlp, text, [(0, len(text))])._.kb_authority_spans]
    assert surfaces == ["section 804", "Trade Facilitation Act of 2016"]


def test_recognise_authorities_that_act_passes_over_a_code_title(nlp) -> None:
    # regression: "that Act" took "Title 10", named in between, for the act; "sections 501 through 503" lost 503
    text = ("See section 503 of the National Security Act of 1947. Operations under Title 10 fall outside "
            "sections 501 through 503 of that Act.")
    assert ids(nlp, text) == ["us/usc/t50/s3093", "us/pl/80/253", "us/usc/t10", "us/usc/t50/s3091",
                              "us/usc/t50/s3093", "us/pl/80/253"]
