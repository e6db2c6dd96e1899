"""Segmentation of the seed and of a markdown document in another style."""

from __future__ import annotations

import pytest

from kb.reference import DATA_DIR, load_json
from kb.segment import load_patterns, segment
from tests.conftest import FIXTURES, read_document


@pytest.fixture(scope="module")
def seed_units(seed):
    return segment(seed)[0]


@pytest.fixture(scope="module")
def terms():
    document = read_document(FIXTURES / "segment" / "data_sharing_terms.md")
    return document, segment(document)[0]


def test_segment_seed_red_line_bullets_are_list_items(seed_units):
    first_list = [i for i in seed_units.list_items if i.style == "bullet"][:3]
    assert [i.number for i in first_list] == [1, 2, 3]
    assert all(i.text.startswith(("No use of", "No Use of")) for i in first_list)


def test_segment_seed_protection_bullets_are_list_items(seed_units):
    protections = [i for i in seed_units.list_items if i.style == "bullet"][3:6]
    assert [i.number for i in protections] == [1, 2, 3]
    assert protections[0].text.startswith("We keep full control")
    assert protections[2].text == "We have strong contract protections."


def test_segment_seed_numbered_points_are_clauses_numbered_by_position(seed_units):
    top = [c for c in seed_units.clauses if c.parent_id is None]
    assert [c.number for c in top] == [1, 2, 3]
    assert [c.label for c in top] == ["1.", "1.", "1."]  # as written in the text
    assert [c.title for c in top] == ["Deployment Architecture Cologne", "Our contract", "AI Expert Involvement"]


def test_segment_seed_contract_clause_holds_its_terms_and_bullets(seed_units):
    contract = [c for c in seed_units.clauses if c.parent_id is None][1]
    assert "Foreign Intelligence Surveillance Act of 1978" in contract.text
    assert "may use the AI system for all lawful purposes" in contract.text
    assert "AI Expert Involvement" not in contract.text
    fisa = next(i for i in seed_units.list_items if "Foreign Intelligence" in i.text)
    assert fisa.level == 2 and fisa.parent_id is not None


def test_segment_seed_faq_pairs_each_question_with_its_answer(seed_units):
    pairs = [(f.question, f.answer) for f in seed_units.faq]
    assert len(pairs) == 9
    expected_starts = [
        ("Why are you doing this?", "First, we believe"),
        ("Why could you reach a deal when Anthropic could not?", "From what we know"),
        ("Do you think Anthropic should be designated", "No, and we have made"),
        ("Will this deal enable the Department of War to use OpenAI models to power", "No. Based on our safety stack"),
        ("Will this deal enable the Department of War to use OpenAI models to conduct", "No. Based on our safety stat"),
        ("Do you have to deploy models without a safety stack?", "No, we keep full control"),
        ("What happens if the government violates", "As with any contract"),
        ("What if the government changes the law", "Our contract clearly refers"),
        ("How do you address the arguments Anthropic made", "In their post, Anthropic lists"),
    ]
    for (question, answer), (q_start, a_start) in zip(pairs, expected_starts):
        assert question.startswith(q_start)
        assert answer.startswith(a_start)
    # A multi-sentence question stays one question; answers stop at the next question or heading.
    assert pairs[1][0].endswith("Wouldn\u2019t they?")
    assert pairs[8][1].rstrip().endswith("involved throughout.")
    assert "Source:" not in pairs[8][1]


def test_segment_seed_sections(seed_units):
    headings = [s.heading for s in seed_units.sections]
    assert headings[:2] == ["Our agreement covers the following points", "FAQs"]


def test_segment_markdown_headings_nest(terms):
    _, units = terms
    by_heading = {s.heading: s for s in units.sections}
    assert by_heading["Terms"].parent_id == by_heading["Data Sharing Terms"].id
    assert by_heading["Terms"].level == 2


def test_segment_nested_subclauses(terms):
    _, units = terms
    paths = [(c.path, c.label) for c in units.clauses]
    assert paths == [
        ("1", "1."), ("1.1", "(a)"), ("1.2", "(b)"), ("1.2.1", "(i)"), ("1.2.2", "(ii)"),
        ("2", "2."), ("3", "3."),
    ]
    by_path = {c.path: c for c in units.clauses}
    assert by_path["1.2.2"].parent_id == by_path["1.2"].id
    assert "review by the privacy officer" in by_path["1"].text  # a clause holds its sub-clauses
    assert "Both parties sign below." not in by_path["3"].text  # a closing paragraph is not the last clause's
    assert [by_path[p].title for p in ("1", "2", "3", "1.2")] == ["Scope", "Retention", "Audit", None]


def test_segment_q_a_faq(terms):
    _, units = terms
    assert [(f.question, f.answer) for f in units.faq] == [
        ("Will Northwind sell the data?", "No. The agreement forbids any sale of the data."),
        (
            "Who can see the raw records? Is there a list?",
            "Only named analysts. The list is kept by the Board.\n\nThe Board reviews that list every quarter.",
        ),
    ]


def test_segment_bullets_after_heading_restart_numbering(terms):
    _, units = terms
    contacts = [i for i in units.list_items if i.style == "bullet"]
    assert [(i.marker, i.number, i.level) for i in contacts] == [("-", 1, 1), ("-", 2, 1)]


@pytest.mark.parametrize(
    "body, expected",
    [
        # a letter right after "(h)" is the ninth letter, not roman one
        ("(g) seven\n(h) eight\n(i) nine\n", ["alpha", "alpha", "alpha"]),
        # "(i)" under "(a)" is roman
        ("(a) first\n(i) sub one\n(ii) sub two\n(b) second\n", ["alpha", "roman", "roman", "alpha"]),
        # EO-style "Sec." numbering with a body paragraph under a bare title
        ("Sec. 1. Purpose.\n\nThe body.\n\nSec. 2. Policy.\n", ["section", "section"]),
        # outline letters with dots
        ("a. apples\nb. pears\n", ["alpha", "alpha"]),
    ],
)
def test_segment_marker_styles(body, expected):
    from kb.models import Document

    document = Document(id="t", path="t.txt", title="t", text=body, sha256="")
    units = segment(document)[0]
    assert [i.style for i in units.list_items] == expected


def test_segment_section_clause_body_runs_to_next_section():
    from kb.models import Document

    body = "Sec. 1. Purpose.\n\nThe body of one.\n\nSec. 2. Policy.\n\nThe body of two.\n"
    units = segment(Document(id="t", path="t.txt", title="t", text=body, sha256=""))[0]
    assert [c.text for c in units.clauses] == [
        "Sec. 1. Purpose.\n\nThe body of one.",
        "Sec. 2. Policy.\n\nThe body of two.",
    ]


STRUCTURE = load_json(DATA_DIR / "patterns" / "structure.json")
PATTERNS = load_patterns(DATA_DIR)


@pytest.mark.parametrize(
    "cue, pattern, positive",
    [
        ("faq_headings", PATTERNS.faq_heading, True),
        ("not_faq_headings", PATTERNS.faq_heading, False),
        ("page_furniture", PATTERNS.page_furniture, True),
        ("not_page_furniture", PATTERNS.page_furniture, False),
        ("separators", PATTERNS.separator, True),
        ("not_separators", PATTERNS.separator, False),
        ("closings", PATTERNS.closing, True),
        ("not_closings", PATTERNS.closing, False),
        ("markings.banners", PATTERNS.banner, True),
        ("markings.not_banners", PATTERNS.banner, False),
        ("markings.not_portion_markings", PATTERNS.portion_marking, False),
        ("boilerplate.tail", PATTERNS.chrome_tail, True),
        ("boilerplate.not_tail", PATTERNS.chrome_tail, False),
        ("boilerplate.lines", PATTERNS.chrome_line, True),
        ("boilerplate.not_lines", PATTERNS.chrome_line, False),
        ("boilerplate.head", PATTERNS.chrome_head, True),
        ("boilerplate.not_head", PATTERNS.chrome_head, False),
        ("boilerplate.head_lines", PATTERNS.chrome_head_line, True),
        ("boilerplate.not_head_lines", PATTERNS.chrome_head_line, False),
        ("slide_numbers", PATTERNS.slide_number, True),
        ("not_slide_numbers", PATTERNS.slide_number, False),
        ("memo_fields", PATTERNS.memo_field, True),
        ("not_memo_fields", PATTERNS.memo_field, False),
    ],
)
def test_segment_structure_cues_find_their_examples(cue, pattern, positive):
    group, _, name = cue.rpartition(".")
    examples = (STRUCTURE[group] if group else STRUCTURE)["examples"][name]
    assert examples
    for example in examples:
        found = pattern.search(example) if cue.endswith(("faq_headings", "closings")) else pattern.fullmatch(example)
        assert bool(found) == positive, f"{cue}: {example!r}"


@pytest.mark.parametrize("example", STRUCTURE["examples"]["reference_words"])
def test_segment_reference_word_examples_are_no_clauses(example):
    assert not _units(f"Intro line here.\n\n{example}.\n").clauses


def _units(body: str):
    from kb.models import Document

    return segment(Document(id="t", path="t.txt", title="t", text=body, sha256=""))[0]


@pytest.mark.parametrize(
    "body, expected",
    [
        # contracts: "ARTICLE I — TITLE" holds decimal clauses "1.1", "1.2"
        ("ARTICLE I \u2014 SCOPE\n\n1.1 Terms apply.\n1.2 Others too.\nARTICLE II\n\n2.1 Fees are due.\n",
         [("1", "ARTICLE I", "SCOPE"), ("1.1", "1.1", None), ("1.2", "1.2", None), ("2", "ARTICLE II", None), ("2.1", "2.1", None)]),
        # decimal depth nests: "2." over "2.1"
        ("1. Scope.\n1.1 Data\n2. Fees.\n2.1 Due\n2.2 Late\n", [("1", "1.", "Scope"), ("1.1", "1.1", "Data"), ("2", "2.", "Fees"), ("2.1", "2.1", "Due"), ("2.2", "2.2", "Late")]),
        # "(1)" under "1." is a child, not a sibling
        ("1. First:\n(1) one\n(2) two\n2. Second\n", [("1", "1.", "First"), ("1.1", "(1)", None), ("1.2", "(2)", None), ("2", "2.", "Second")]),
        # statutes: "(a) IN GENERAL.\u2014" titles; "(i)" opening a list is roman, "(ii)" its sibling
        ("(a) IN GENERAL.\u2014Text.\n(i) one\n(ii) two\n", [("1", "(a)", "IN GENERAL"), ("1.1", "(i)", None), ("1.2", "(ii)", None)]),
        ("(i) one\n(ii) two\n", [("1", "(i)", None), ("2", "(ii)", None)]),
        # roman outline "I." "II." are siblings
        ("I. INTRODUCTION\n\nText.\n\nII. BACKGROUND\n", [("1", "I.", "INTRODUCTION"), ("2", "II.", "BACKGROUND")]),
        # markdown nests a numbered list under a numbered item by indentation
        ("1. Scope\n   1. Data\n   2. Models\n2. Fees\n", [("1", "1.", "Scope"), ("1.1", "1.", "Data"), ("1.2", "2.", "Models"), ("2", "2.", "Fees")]),
        # an em dash in a sentence is no title
        ("1. The Company \u2014 and its affiliates \u2014 shall comply.\n", [("1", "1.", None)]),
    ],
)
def test_segment_clause_paths_labels_titles(body, expected):
    assert [(c.path, c.label, c.title) for c in _units(body).clauses] == expected


@pytest.mark.parametrize(
    "body",
    [
        "The bill is\nH. R. 4321 in the House.\n",  # a bill number, not outline letters "H." "R."
        "As J. Smith said, it works.\n\nJ. Smith agreed.\n",  # an initial
        "Costs rose by\n2.3 million dollars.\n",  # a decimal number wrapped to a line start
        "See the rule in\nSection 4 of the Act.\n",  # a reference wrapped to a line start
        "Article 5 of the Charter applies.\n",  # an article cited in prose
    ],
)
def test_segment_marker_like_prose_is_no_item(body):
    assert not _units(body).list_items


@pytest.mark.parametrize(
    "body, headings, paragraphs",
    [
        # markdown setext headings
        ("Terms\n=====\n\nText one.\n\nScope\n-----\n\nText two.\n", ["Terms", "Scope"], ["Text one.", "Text two."]),
        # a bold question is a heading, a bold sentence stays emphasis
        ("# T\n\n**Why?**\nBecause.\n\n**We never sell data.**\n", ["T", "Why?"], ["Because.", "**We never sell data.**"]),
        # separators and end marks are no units
        ("Body text here.\n\n* * *\n\nMore text here.\n\n-30-\n", [], ["Body text here.", "More text here."]),
        # a title-case line over its paragraph is a heading; a hard-wrapped first line is not
        ("About Northwind\nNorthwind builds data tools for public agencies across the country.\n\n"
         "The Department of Homeland Security and the Federal Bureau\nof Investigation signed it.\n",
         ["About Northwind"],
         ["Northwind builds data tools for public agencies across the country.",
          "The Department of Homeland Security and the Federal Bureau\nof Investigation signed it."]),
        # a "label: value" line is no heading
        ("Media contact: press@example.org\n", [], ["Media contact: press@example.org"]),
    ],
)
def test_segment_headings_paragraphs_and_separators(body, headings, paragraphs):
    units = _units(body)
    assert [s.heading for s in units.sections] == headings
    assert [p.text for p in units.paragraphs] == paragraphs


def test_segment_page_furniture_is_skipped_and_a_cut_sentence_runs_on():
    body = (
        "Report Title\r\n\r\nThe review found that staff\r\n\r\nPage 1 of 3\r\n\fDraft Report\r\n"
        "rely on scores.\r\n\r\nNext paragraph.\r\n\r\nPage 2 of 3\r\n\fDraft Report\r\nFinal paragraph.\r\n"
    )
    units = _units(body)
    assert [p.text for p in units.paragraphs] == [
        "The review found that staff\r\n\r\nPage 1 of 3\r\n\fDraft Report\r\nrely on scores.",
        "Next paragraph.",
        "Final paragraph.",
    ]


def test_segment_bare_article_line_takes_its_content_from_the_next_line():
    units = _units("ARTICLE II\nPayment terms apply.\n")
    assert [(i.text, i.start) for i in units.list_items] == [("Payment terms apply.", 11)]


@pytest.mark.parametrize(
    "body, expected",
    [
        # executive orders: (a) -> (i) -> (A) -> (1) -> (a); the fifth-level "(a)" restarts under "(2)",
        # "(C)" and "(d)" return to the levels of "(B)" and "(c)"
        ("Sec. 3. Duties.\n(a) one\n(b) two\n(c) three:\n(i) i\n(ii) ii:\n(A) A\n(B) B:\n(1) 1\n(2) 2:\n(a) a5\n(b) b5\n"
         "(C) C\n(iii) iii\n(d) four\nSec. 4. General.\n(a) again\n",
         ["Sec. 3", "Sec. 3(a)", "Sec. 3(b)", "Sec. 3(c)", "Sec. 3(c)(i)", "Sec. 3(c)(ii)", "Sec. 3(c)(ii)(A)",
          "Sec. 3(c)(ii)(B)", "Sec. 3(c)(ii)(B)(1)", "Sec. 3(c)(ii)(B)(2)", "Sec. 3(c)(ii)(B)(2)(a)",
          "Sec. 3(c)(ii)(B)(2)(b)", "Sec. 3(c)(ii)(C)", "Sec. 3(c)(iii)", "Sec. 3(d)", "Sec. 4", "Sec. 4(a)"]),
        # the U.S. Code: (a)(1)(A)(i)(I)
        ("\u00a7 1881z. Procedures.\n(a) In general\n(1) one\n(A) A\n(i) i\n(I) I\n(II) II\n(ii) ii\n(B) B\n(b) Other\n",
         ["\u00a7 1881z", "\u00a7 1881z(a)", "\u00a7 1881z(a)(1)", "\u00a7 1881z(a)(1)(A)", "\u00a7 1881z(a)(1)(A)(i)",
          "\u00a7 1881z(a)(1)(A)(i)(I)", "\u00a7 1881z(a)(1)(A)(i)(II)", "\u00a7 1881z(a)(1)(A)(ii)",
          "\u00a7 1881z(a)(1)(B)", "\u00a7 1881z(b)"]),
        # DoD issuances: "3.b.(1)(a)", and numbering that restarts in an enclosure carries it; the enclosure is a clause
        ("1. PURPOSE. This.\n2. POLICY.\na. First.\nb. Second:\n(1) one\n(a) aa\n\nENCLOSURE 2\n\nRESPONSIBILITIES\n\n"
         "1. USD. The USD shall:\na. do it\n",
         ["1", "2", "2.a", "2.b", "2.b.(1)", "2.b.(1)(a)", "Enclosure 2", "Enclosure 2, paragraph 1",
          "Enclosure 2, paragraph 1.a"]),
        # contracts: sections of an article, as a clause or as a heading
        ("ARTICLE IV \u2014 DATA\n\nSection 4.1 Scope.\nSection 4.2 Duties.\n(a) First\n(ii) two\n",
         ["Article IV", "Article IV, Section 4.1", "Article IV, Section 4.2", "Article IV, Section 4.2(a)",
          "Article IV, Section 4.2(a)(ii)"]),
        ("ARTICLE IV DATA PROTECTION\n\n4.1 Scope.\n4.2 Duties.\n(a) First\n",
         ["Article IV", "Article IV, Section 4.1", "Article IV, Section 4.2", "Article IV, Section 4.2(a)"]),
        # decimals spell their parent out; "(i)" after "(h)" is a letter
        ("1. Scope.\n1.1 Data\n1.1.1 More\n2. Fees\n", ["1", "1.1", "1.1.1", "2"]),
        ("(g) g\n(h) h\n(i) letter i\n(j) j\n", ["(g)", "(h)", "(i)", "(j)"]),
    ],
)
def test_segment_designations_follow_the_labels_as_written(body, expected):
    assert [c.designation for c in _units(body).clauses] == expected


def test_segment_container_examples():
    from kb.segment.designations import container_of, load_designations

    rules = load_designations()
    examples = load_json(DATA_DIR / "patterns" / "structure.json")["designations"]["container_examples"]
    assert {heading: container_of(heading, rules) for heading in examples} == examples
    assert container_of("RESPONSIBILITIES", rules) is None


def test_segment_a_mention_knows_the_designation_of_its_clause(nlp):
    from kb.models import Document, Mention
    from kb.pipeline.extract import extract

    body = ("Sec. 3. Duties.\n(a) Collection.\n(i) Agencies shall comply with the Foreign Intelligence Surveillance Act.\n"
            "(ii) Nothing here.\n")
    records = extract(Document(id="t", path="t.txt", title="t", text=body, sha256=""), nlp)
    assert [(m.surface, m.designation) for m in records if isinstance(m, Mention)] == [
        ("Foreign Intelligence Surveillance Act", "Sec. 3(a)(i)")]


@pytest.mark.parametrize("example", STRUCTURE["markings"]["examples"]["portion_markings"])
def test_segment_portion_marking_examples_are_markings(example):
    either = PATTERNS.portion_marking.fullmatch(example) or PATTERNS.bare_portion_marking.fullmatch(example)
    assert either, example


SLIDES = (
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY\n\n"
    "Query Oversight\n\n"
    "(U//FOUO) Analysts log every query term.\n"
    "(U) Reviews happen weekly.\n"
    "-Analysts must record the justification.\n"
    "\u2013Supervisors approve each request.\n\n"
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY\n"
)


def test_segment_banners_are_furniture_and_portion_markings_are_kept():
    units = _units(SLIDES)
    assert not any("UNCLASSIFIED" in p.text for p in units.paragraphs)
    assert not any("UNCLASSIFIED" in s.heading for s in units.sections)
    marked = {p.text: p.marking for p in units.paragraphs}
    assert marked["Analysts log every query term."] == "U//FOUO"
    assert marked["Reviews happen weekly."] == "U"


def test_segment_tight_bullets_are_one_item_each():
    items = [i.text for i in _units(SLIDES).list_items]
    assert items == ["Analysts must record the justification.", "Supervisors approve each request."]


def test_segment_one_letter_markings_need_a_marked_document():
    units = _units("The vendor shall:\n(a) log queries;\n(b) keep records;\n(C) report breaches.\n")
    assert [c.label for c in units.clauses] == ["(a)", "(b)", "(C)"]
    assert all(p.marking is None for p in units.paragraphs)


def test_segment_web_page_tail_is_no_content():
    body = "".join(f"Paragraph {n} says the agency keeps records.\n\n" for n in range(1, 9))
    units = _units(body + "Share this:\n\nFacebook\n\nLeave a Reply\n\nThe comments say many things.\n")
    assert units.paragraphs[-1].text == "Paragraph 8 says the agency keeps records."


def test_segment_claims_carry_the_marking_of_their_paragraph(nlp):
    from kb.models import Claim, Document
    from kb.pipeline.extract import extract

    records = extract(Document(id="t", path="t.txt", title="t", text=SLIDES, sha256=""), nlp)
    claims = {c.text: c.marking for c in records if isinstance(c, Claim)}
    assert claims["Analysts log every query term."] == "U//FOUO"
    assert claims["Supervisors approve each request."] is None


MEMO = (
    "The Foreign Intelligence Surveillance Act of 1978,1 as amended, authorizes the targeting of persons\n"
    "reasonably believed to be located outside the United States under procedures of the U.S.\n"
    "Attorney General. The statute also requires minimization procedures for every acquisition.2\n"
    "1 Pub. L. No. 95-511, 92 Stat. 1783.\n"
    "2 50 U.S.C. 1881a(e).\n"
    "Page 1 of 3\n"
    "    Congress revisited these procedures in 2018 and added a requirement that the Bureau\n"
    "obtain an order before reviewing certain query results unless an exception applies here.\n"
    "Short closing line here.\n"
    "Another paragraph follows the short one and continues on the next line of the text\n"
    "to fill the width of a wrapped page in a typical memorandum of this kind these days.\n"
)


def test_segment_footnotes_know_their_mark_and_the_sentence_it_follows(nlp):
    from kb.models import Document, Mention, Note, Sentence
    from kb.pipeline.extract import extract

    records = extract(Document(id="t", path="t.txt", title="t", text=MEMO, sha256=""), nlp)
    sentences = {s.id: s.text for s in records if isinstance(s, Sentence)}
    notes = [n for n in records if isinstance(n, Note)]
    assert [(n.label, n.text, MEMO[n.mark_start:n.mark_end]) for n in notes] == [
        ("1", "Pub. L. No. 95-511, 92 Stat. 1783.", "1"), ("2", "50 U.S.C. 1881a(e).", "2")]
    assert sentences[notes[1].sentence_id].startswith("The statute also requires")
    in_notes = {m.surface: m.note_id for m in records if isinstance(m, Mention) and m.note_id}
    assert in_notes["92 Stat. 1783"] == notes[0].id


def test_segment_paragraphs_without_blank_lines_split_at_sentence_ends():
    starts = [p.text[:20] for p in _units(MEMO).paragraphs]
    # "U.S." at a line's end ends no paragraph; an indented line or a line after a short one starts one,
    # a line after a full-width one that ends a sentence does not
    assert starts == ["The Foreign Intellig", "Pub. L. No. 95-511, ", "50 U.S.C. 1881a(e).",
                      "Congress revisited t", "Another paragraph fo"]


def test_segment_endnotes_under_a_notes_heading():
    body = ("The Board reviewed the program.[1] It found gaps.^2\n\nNotes\n\n[1] See 50 U.S.C. 1881a.\n\n"
            "2. PCLOB Report 2023.\n")
    notes = _units(body).notes
    assert [(n.label, n.text, body[n.mark_start:n.mark_end]) for n in notes] == [
        ("1", "See 50 U.S.C. 1881a.", "[1]"), ("2", "PCLOB Report 2023.", "^2")]


@pytest.mark.parametrize("heading, positive", [(h, True) for h in STRUCTURE["notes"]["examples"]["headings"]]
                         + [(h, False) for h in STRUCTURE["notes"]["examples"]["not_headings"]])
def test_segment_notes_heading_examples(heading, positive):
    assert bool(PATTERNS.notes_heading.fullmatch(heading)) == positive


def test_segment_last_numbered_answer_leaves_the_closing_out():
    body = ("Intro.\n\n1. Does the Board review queries?\n\nYes, every quarter.\n\n"
            "2. Does it publish results?\n\nYes, yearly.\n\n3. Will it continue?\n\nYes.\n\n"
            "The Board will continue to monitor the program.\n")
    faq = _units(body).faq
    assert [f.answer for f in faq] == ["Yes, every quarter.", "Yes, yearly.", "Yes."]


ISSUANCE = (
    "3. POLICY. It is DoD policy that:\n"
    "a. Queries are limited.\n"
    "b. Queries of U.S. persons are controlled:\n"
    "(1) A query run in an emergency will be documented\n"
    "Change 1, 2026\n\n"
    "DoDI 5240.99, March 3, 2026\n\n"
    "within 3 business days.\n"
    "c. Incidents are reported.\n\n"
    "4. RESPONSIBILITIES. See Enclosure 2.\n\n"
    "Jordan A. Whitfield\n"
    "Change 1, 2026\n"
    "2\n\n"
    "DoDI 5240.99, March 3, 2026\n\n"
    "ENCLOSURE 2\n\n"
    "RESPONSIBILITIES\n\n"
    "1. USD(I&S). The USD(I&S):\n"
    "a. Oversees the board.\n"
    "Change 1, 2026\n"
    "3\n\n"
    "DoDI 5240.99, March 3, 2026\n\n"
    "b. Reviews findings.\n"
)


def test_segment_running_heads_are_furniture_wherever_they_recur():
    units = _units(ISSUANCE)
    # the first page's foot has no page number beside it; once "Change 1, 2026" is a running foot it is one there too,
    # the cut item runs on over it, and "c." stays under "3."
    designations = [c.designation for c in units.clauses]
    assert designations == ["3", "3.a", "3.b", "3.b.(1)", "3.c", "4", "Enclosure 2",
                            "Enclosure 2, paragraph 1", "Enclosure 2, paragraph 1.a", "Enclosure 2, paragraph 1.b"]
    assert not any(s.heading.startswith(("Change", "DoDI")) for s in units.sections)
    # a title-like line after a page break opens a unit; it does not finish the signature before it
    assert "ENCLOSURE 2" in [s.heading for s in units.sections]


def test_segment_a_slide_or_a_marked_line_does_not_run_on_over_a_break():
    body = ("SECRET\n(U) Agenda\n-Why documentation matters\nSlide 1\nSECRET\n\n"
            "SECRET\n(U) Key Terms\n(U) Reviewer: a supervisor.\nSlide 2\nSECRET\n\n"
            "Closing words of the briefing go here and run on past ten words of text\nSlide 3\n\n"
            "still the third slide\n")
    units = _units(body)
    assert [(s.heading, s.marking) for s in units.sections] == [("Agenda", "U"), ("Key Terms", "U")]
    assert [i.text for i in units.list_items] == ["Why documentation matters"]
    assert [p.text[:13] for p in units.paragraphs][-2:] == ["Closing words", "still the thi"]


def test_segment_a_title_split_off_a_block_keeps_its_marking():
    body = "TOP SECRET//SI\n(TS//SI) Query Oversight Training\nModule 3: Documenting Queries of Holdings\n"
    units = _units(body)
    assert [(s.heading, s.marking) for s in units.sections] == [
        ("Query Oversight Training", "TS//SI"), ("Module 3: Documenting Queries of Holdings", None)]


def test_segment_web_page_header_and_lower_case_bullets():
    body = ("Skip to main content\nAn official website of the United States government\nAgency Name\nHome\n"
            "About\nHome > About Us > Privacy Office\n\nPrivacy Office\n\n"
            + "".join(f"Paragraph {n} says the agency keeps records.\n\n" for n in range(1, 6))
            + "A statement tells you:\n-the law that allows us to collect it\n-the purpose we use it for\n\n"
            "Last updated: January 14, 2026\n")
    units = _units(body)
    assert units.paragraphs[0].text == "Paragraph 1 says the agency keeps records."
    assert [s.heading for s in units.sections] == ["Privacy Office"]
    assert [i.text for i in units.list_items] == ["the law that allows us to collect it", "the purpose we use it for"]
    assert not any("Last updated" in p.text for p in units.paragraphs)


WRAPPED_MEMO = (
    "MEMORANDUM FOR THE DEPUTY ATTORNEY GENERAL\n"
    "FROM: Margaret E. Hollis, Deputy Assistant Attorney General, Office of Legal Counsel\n"
    "SUBJECT: Use of Section 702 Query Results in Personnel Security Adjudications Today\n"
    "    You have asked whether the Bureau may use information retrieved by querying data\n"
    "acquired under section 702 of the Act to adjudicate clearance applications of its staff.\n"
    "    Three considerations inform our assessment of the proposal:\n"
    "First, the purpose of the query matters, but it is not dispositive. A query designed to\n"
    "learn whether a foreign national is an agent seeks foreign intelligence in that sense.\n"
    "Second, the identity of the query term matters more. The proposal is defensible largely\n"
    "because it would use identifiers of the foreign contact rather than of the applicant.\n"
    "    These conclusions rest on the facts the Division has provided and on the procedures\n"
    "now in force. Please let us know if we may be of further assistance in this matter.\n"
    "Margaret E. Hollis\n"
    "Deputy Assistant Attorney General\n"
)


def test_segment_memo_header_enumerated_paragraphs_and_signature():
    units = _units(WRAPPED_MEMO)
    assert [p.text[:20] for p in units.paragraphs] == [
        "MEMORANDUM FOR THE D", "FROM: Margaret E. Ho", "SUBJECT: Use of Sect", "You have asked wheth",
        "Three considerations", "First, the purpose o", "Second, the identity", "These conclusions re",
        "Margaret E. Hollis\nD"]
    assert units.sections == []  # neither the addressee line nor the signature heads anything


def test_segment_a_section_word_mid_sentence_goes_on_the_note():
    body = ("The Board held a forum.[1]\n\nNotes\n\n1. See Board, Notice of Public Forum on\n"
            "Section 702 Querying, 89 Fed. Reg. 41,122 (May 13, 2024).\n")
    units = _units(body)
    assert [n.text for n in units.notes] == [
        "See Board, Notice of Public Forum on\nSection 702 Querying, 89 Fed. Reg. 41,122 (May 13, 2024)."]
    assert [c.label for c in units.clauses] == ["1."]


def test_segment_an_enclosure_is_a_clause_over_its_paragraphs():
    units = _units("1. PURPOSE. This.\n\nENCLOSURE 2\n\nRESPONSIBILITIES\n\n1. USD. The USD shall:\na. do it\n")
    by_designation = {c.designation: c for c in units.clauses}
    enclosure = by_designation["Enclosure 2"]
    assert (enclosure.label, enclosure.level, enclosure.parent_id) == ("ENCLOSURE 2", 1, None)
    assert enclosure.text.startswith("ENCLOSURE 2") and enclosure.text.endswith("a. do it")
    first = by_designation["Enclosure 2, paragraph 1"]
    assert (first.parent_id, first.level, first.path) == (enclosure.id, 2, f"{enclosure.path}.1")
    # the enclosure is no list item: its paragraphs' items stay top-level items
    assert [(i.text[:4], i.level, i.parent_id is None) for i in units.list_items][1:] == [
        ("USD.", 1, True), ("do i", 2, False)]
