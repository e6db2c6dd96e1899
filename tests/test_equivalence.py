"""Equivalences stated in a text: forms of one act written side by side become one record, with evidence."""

from __future__ import annotations

import pytest

from kb.recognise.nlp import annotate
from kb.resolve.authorities import Resolved, resolve_mentions


def resolve(nlp, text: str) -> Resolved:
    return resolve_mentions(annotate(nlp, text, [(0, len(text))]), "doc")


def test_equivalence_name_public_law_and_stat_page_become_the_public_law(nlp):
    text = "under section 208 of the E-Government Act of 2002 (Pub. L. 107-347, 116 Stat. 2899), agencies must"
    resolved = resolve(nlp, text)
    ids = {m.surface: m.authority_id for m in resolved.mentions}
    assert ids["Pub. L. 107-347"] == ids["116 Stat. 2899"] == ids["E-Government Act of 2002"] == "us/pl/107/347"
    assert ids["section 208"] == "us/pl/107/347/s208"  # the section follows its act
    (act,) = [a for a in resolved.authorities if a.id == "us/pl/107/347"]
    assert act.name == "E-Government Act of 2002"  # the name the text gives, not "Public Law 107-347"
    assert not [a for a in resolved.authorities if a.id.startswith(("us/act/", "us/stat/"))]
    merged = {(e.authority_id, e.equivalent_id) for e in resolved.equivalences}
    assert merged == {("us/pl/107/347", "us/act/e-government-act"), ("us/pl/107/347", "us/stat/116/2899")}
    for row in resolved.equivalences:  # each merge keeps its evidence, exactly as written
        assert text[row.start:row.end] == row.surface
        assert row.rule == "side_by_side"


def test_equivalence_source_credit_between_public_law_and_stat_page(nlp):
    text = "(Pub. L. 90-351, title III, \u00a7 802, June 19, 1968, 82 Stat. 213.)"
    ids = {m.surface: m.authority_id for m in resolve(nlp, text).mentions}
    assert ids["82 Stat. 213"] == ids["Pub. L. 90-351"] == "us/pl/90/351"
    assert ids["\u00a7 802"] == "us/pl/90/351/s802"  # the credit's section, past the title of the law


def test_equivalence_parallel_stat_cite_is_its_own_mention_of_the_law(nlp):
    text = "the USA PATRIOT Act, Pub. L. 107-56, 115 Stat. 272, amended FISA."
    ids = {m.surface: m.authority_id for m in resolve(nlp, text).mentions}
    assert ids["Pub. L. 107-56"] == ids["115 Stat. 272"] == ids["USA PATRIOT Act"] == "us/pl/107/56"


def test_equivalence_curated_record_keeps_its_id(nlp):
    text = "the USA PATRIOT Act (115 Stat. 272) amended FISA."
    ids = {m.surface: m.authority_id for m in resolve(nlp, text).mentions}
    assert ids["115 Stat. 272"] == ids["USA PATRIOT Act"] == "us/pl/107/56"


@pytest.mark.parametrize(
    "text",
    [
        "Pub. L. 99-508, Pub. L. 107-56",  # a list of two laws is two laws
        "Pub. L. 107-347, FISA",  # a number before a name: a list, not one citation
        "the Data Shield Act of 2031 and the Cloud Act of 2030",  # two names joined by 'and' are two acts
        "the Data Shield Act of 2031. 120 Stat. 45 is another law.",  # a sentence apart
    ],
)
def test_equivalence_forms_not_side_by_side_are_not_merged(nlp, text: str) -> None:
    resolved = resolve(nlp, text)
    assert resolved.equivalences == []
    assert len({m.authority_id for m in resolved.mentions}) == 2


def test_equivalence_codification_et_seq_and_semicolons_tie_to_the_law(nlp):
    text = "the Homeland Security Act of 2002 (Public Law 107\u2013296; 116 Stat. 2135; 6 U.S.C. 101 et seq.) or 6 U.S.C. 101"
    ids = [(m.surface, m.authority_id) for m in resolve(nlp, text).mentions]
    assert ids == [
        ("Homeland Security Act of 2002", "us/pl/107/296"), ("Public Law 107\u2013296", "us/pl/107/296"),
        ("116 Stat. 2135", "us/pl/107/296"), ("6 U.S.C. 101 et seq.", "us/pl/107/296"),
        ("6 U.S.C. 101", "us/usc/t6/s101"),  # the first section cited alone stays the section
    ]


def test_equivalence_a_section_codified_in_parentheses_is_the_code_section(nlp):
    text = ("Section 2209(c) of the Homeland Security Act of 2002 (6 U.S.C. 659(c)) is amended in paragraph (11). "
            "Section 2209 also requires reports.")
    resolved = resolve(nlp, text)
    ids = {(m.surface, m.authority_id) for m in resolved.mentions}
    assert ("Section 2209(c)", "us/usc/t6/s659") in ids
    assert ("paragraph (11)", "us/usc/t6/s659") in ids  # a pinpoint into the section follows it
    assert ("Section 2209", "us/usc/t6/s659") in ids  # so does the same section cited again
    (row,) = [e for e in resolved.equivalences if e.rule == "codified_at"]
    assert (row.authority_id, row.equivalent_id) == ("us/usc/t6/s659", "us/act/homeland-security-act/s2209")
    assert text[row.start:row.end] == row.surface


def test_equivalence_a_short_name_defined_between_name_and_public_law_is_part_of_the_citation(nlp):
    text = "the Federal Information Security Modernization Act of 2014 (FISMA), Pub. L. 113-283, requires"
    ids = {m.surface: m.authority_id for m in resolve(nlp, text).mentions}
    assert ids == {"Federal Information Security Modernization Act of 2014": "us/pl/113/283", "FISMA": "us/pl/113/283",
                   "Pub. L. 113-283": "us/pl/113/283"}


def test_equivalence_a_name_of_a_division_is_not_its_public_law(nlp):
    # Pub. L. 114-113 is the Consolidated Appropriations Act, 2016; CISA is its division N
    text = "the Cybersecurity Information Sharing Act of 2015, Pub. L. 114-113, div. N, title I, governs sharing."
    resolved = resolve(nlp, text)
    ids = {m.surface: m.authority_id for m in resolved.mentions}
    assert ids == {"Cybersecurity Information Sharing Act of 2015": "us/act/cybersecurity-information-sharing-act",
                   "Pub. L. 114-113": "us/pl/114/113"}
    assert resolved.equivalences == []


def test_equivalence_an_et_seq_is_stated_as_the_act_codified_from_its_section(nlp):
    text = "the Cybersecurity Information Sharing Act of 2015 (6 U.S.C. 1501 et seq.). Later, 6 U.S.C. 1501 et seq. again."
    resolved = resolve(nlp, text)
    (row,) = resolved.equivalences
    assert (row.stated_authority_id, row.equivalent_id) == ("us/act/cybersecurity-information-sharing-act", "us/usc/t6/s1501/et-seq")
    stated = [(m.authority_id, m.stated_authority_id) for m in resolved.mentions if "et seq" in m.surface]
    assert stated == [
        ("us/act/cybersecurity-information-sharing-act", "us/usc/t6/s1501/et-seq"),  # tied here
        ("us/usc/t6/s1501", "us/usc/t6/s1501/et-seq"),  # not written beside the act: the section, until the corpus ties the key
    ]


@pytest.mark.parametrize(
    "text, forms, expected",
    [
        # a source credit citing two sections of the law between it and its Stat. page
        ("P.L. 131-7, \u00a7\u00a72, 19, 150 Stat. 862 (2030).", ["P.L. 131-7", "150 Stat. 862"], "us/pl/131/7"),
        ("Pub. L. 131-7, \u00a7\u00a7 2 and 19, 150 Stat. 862.", ["Pub. L. 131-7", "150 Stat. 862"], "us/pl/131/7"),
        ("Pub. L. No. 131-7, \u00a7\u00a7 2\u20133, 19, 150 Stat. 862, 862\u201366 (2030).", ["Pub. L. No. 131-7", "150 Stat. 862"], "us/pl/131/7"),
        # the Code chapter the act is codified at, written between its name and its public law
        ("the Data Shield Act (44 U.S.C. chapter 99; Pub. L. 131-8) applies.", ["Data Shield Act", "Pub. L. 131-8"], "us/pl/131/8"),
    ],
)
def test_equivalence_section_lists_and_a_code_chapter_sit_inside_one_citation(nlp, text: str, forms: list[str], expected: str) -> None:
    ids = {m.surface: m.authority_id for m in resolve(nlp, text).mentions}
    assert [ids[f] for f in forms] == [expected, expected]


def test_equivalence_a_form_merged_into_a_curated_record_makes_no_record_of_that_id(nlp):
    resolved = resolve(nlp, "See P.L. 118-49, \u00a7\u00a72, 19, 138 Stat. 862 (2024).")  # RISAA is curated; its Stat. page is no key
    assert {m.surface: m.authority_id for m in resolved.mentions}["138 Stat. 862"] == "us/pl/118/49"
    assert "us/pl/118/49" not in {a.id for a in resolved.authorities}


@pytest.mark.parametrize(
    "text, section, expected",
    [
        # the crosswalk knows IRTPA's sections by its title; the text ties the title to its public law
        ("The Intelligence Reform and Terrorism Prevention Act of 2004, Pub. L. 108-458, \u00a7 1062, 118 Stat. 3638, requires reports.",
         "\u00a7 1062", "us/usc/t42/s2000ee-1"),
        ("See Pub. L. 108-458, \u00a7 1062.", "\u00a7 1062", "us/pl/108/458/s1062"),  # nothing ties the law to the title here
    ],
)
def test_equivalence_a_section_of_a_merged_act_is_the_code_section_the_crosswalk_gives_another_form(nlp, text, section, expected):
    resolved = resolve(nlp, text)
    assert {m.surface: m.authority_id for m in resolved.mentions}[section] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the Code section in apposition after the act, as in parentheses
        ("The duties in section 7 of the Data Shield Act of 2031, 44 U.S.C. \u00a7 3607, apply. Section 7 also requires audits.",
         {"section 7": "us/usc/t44/s3607", "Section 7": "us/usc/t44/s3607"}),
        # a source credit's "codified at": the first Code section the text gives, an appendix section counted as one
        ("The Data Shield Act of 2031, Pub. L. 131-8, \u00a7 12, formerly codified at 44 U.S.C. App. 2 \u00a7 12, now codified at "
         "44 U.S.C. \u00a7 3612. Section 12 of the Data Shield Act applies.",
         {"\u00a7 12": "us/usc/t44a/app2/s12", "Section 12": "us/usc/t44a/app2/s12", "44 U.S.C. \u00a7 3612": "us/usc/t44/s3612"}),
        ("Pub. L. 131-8, \u00a7 3 (codified as amended at 44 U.S.C. \u00a7 3603)", {"\u00a7 3": "us/usc/t44/s3603"}),
        # a curated section already is its Code section: nothing to tie
        ("FISA Section 702, codified at 50 U.S.C. 1881a, permits", {"FISA Section 702": "us/usc/t50/s1881a"}),
    ],
)
def test_equivalence_a_section_codified_in_apposition_or_by_codified_at(nlp, text: str, expected: dict[str, str]) -> None:
    resolved = resolve(nlp, text)
    ids = {m.surface: m.authority_id for m in resolved.mentions}
    assert {surface: ids[surface] for surface in expected} == expected
    assert all(e.authority_id != e.equivalent_id for e in resolved.equivalences)


@pytest.mark.parametrize(
    "text, surface, expected",
    [
        # the Code note an order is printed in is the order, there
        ("Executive Order 14999 (50 U.S.C. 3099 note; relating to data) applies.", "50 U.S.C. 3099", "us/eo/14999"),
        ("the Data Shield Act of 2031, 44 U.S.C. 3501 note, applies.", "44 U.S.C. 3501", "us/act/data-shield-act"),
        # no "note": the section itself; and a note written alone is not the order's
        ("Executive Order 14999 (50 U.S.C. 3099) applies.", "50 U.S.C. 3099", "us/usc/t50/s3099"),
        ("See 50 U.S.C. 3099 note.", "50 U.S.C. 3099", "us/usc/t50/s3099"),
    ],
)
def test_equivalence_a_code_note_written_after_an_order_cites_the_order(nlp, text: str, surface: str, expected: str) -> None:
    resolved = resolve(nlp, text)
    assert {m.surface: m.authority_id for m in resolved.mentions}[surface] == expected
    for row in resolved.equivalences:
        assert (row.rule, row.equivalent_id, row.surface[-4:]) == ("printed_at", f"us/usc/t{surface.split()[0]}/s{surface.split()[-1]}/note", "note")


NOTED = ("Congress acted twice. Section 12 of the Data Shield Act of 2031 requires audits,\u00b9 and section 4 of the "
         "Cloud Storage Act of 2030 requires notice.\u00b2\n\nNOTES\n\n"
         "\u00b9 P.L. 131-8, \u00a712, 150 Stat. 862 (2031).\n\u00b2 {note}\n")


@pytest.mark.parametrize(
    "note, cloud",
    [
        ("P.L. 130-77, \u00a74, 149 Stat. 10 (2030).", "us/pl/130/77"),  # the note the words call gives the same section
        ("P.L. 130-77, \u00a79, 149 Stat. 10 (2030).", "us/act/cloud-storage-act"),  # another section: no tie
        ("P.L. 130-77, \u00a74; P.L. 130-78, \u00a74.", "us/act/cloud-storage-act"),  # two laws in the note: which is not said
        ("See the Cloud Storage Act, \u00a74.", "us/act/cloud-storage-act"),  # no public law
    ],
)
def test_equivalence_an_act_named_in_the_body_is_the_public_law_its_footnote_cites_for_the_same_section(nlp, note, cloud):
    text = NOTED.format(note=note)
    resolved = resolve(nlp, text)
    ids = {(m.surface, m.start): m.authority_id for m in resolved.mentions}
    named = {surface: aid for (surface, _), aid in sorted(ids.items(), key=lambda item: item[0][1])}
    assert named["Data Shield Act of 2031"] == named["Section 12"].rsplit("/s", 1)[0] == "us/pl/131/8"
    assert named["Cloud Storage Act of 2030"] == cloud
    rows = [e for e in resolved.equivalences if e.rule == "footnote"]
    assert [(e.authority_id, e.equivalent_id) for e in rows][:1] == [("us/pl/131/8", "us/act/data-shield-act")]
    assert all(text[e.start:e.end] == e.surface for e in rows)


def test_equivalence_a_clause_naming_two_acts_ties_each_to_the_law_its_section_number_follows(nlp):
    text = ("Section 12 of the Data Shield Act of 2031, as amended by section 4 of the Cloud Storage Act of 2030, requires "
            "audits.\u00b9\n\nNOTES\n\n\u00b9 P.L. 131-8, \u00a712, 150 Stat. 862 (2031); P.L.\n130-77, \u00a74, 149 Stat. 10 (2030).\n")
    ids = {m.surface: m.authority_id for m in resolve(nlp, text).mentions}
    assert ids["Data Shield Act of 2031"] == "us/pl/131/8"
    assert ids["Cloud Storage Act of 2030"] == "us/pl/130/77"  # the note's second line is still the note


def test_equivalence_a_footnote_is_not_read_when_two_acts_share_the_section_number(nlp):
    text = ("Section 4 of the Data Shield Act of 2031 and section 4 of the Cloud Storage Act of 2030 require audits.\u00b9\n\n"
            "NOTES\n\n\u00b9 P.L. 131-8, \u00a74.\n")
    ids = {m.surface: m.authority_id for m in resolve(nlp, text).mentions}
    assert ids["Data Shield Act of 2031"] == "us/act/data-shield-act"
    assert ids["Cloud Storage Act of 2030"] == "us/act/cloud-storage-act"


@pytest.mark.parametrize(
    "text, expected",
    [
        # the act's public law, Stat. page and defined short name sit between the section and "codified at"
        ("section 16 of the Data Shield Act of 2031 (\u201cDSA\u201d), Pub. L. No. 131-8, 150 Stat. 862, 870 (2031) "
         "(codified as amended at 44 U.S.C. \u00a7 3616). Section 16 also requires notice.",
         {"section 16": "us/usc/t44/s3616", "Section 16": "us/usc/t44/s3616"}),
        ("Section 9 of the Data Shield Act of 2031 (\u201c2031 DSA\u201d), codified at 44 U.S.C. \u00a7 3609, requires audits.",
         {"Section 9": "us/usc/t44/s3609"}),
        ("was authorized by section 804 of the Data Shield Act of 2031 (Public Law 122-8; 150 Stat.\n862) and is now "
         "codified at 44 U.S.C. \u00a7 3602.", {"section 804": "us/usc/t44/s3602"}),
    ],
)
def test_equivalence_a_section_codified_at_after_its_acts_other_forms(nlp, text: str, expected: dict[str, str]) -> None:
    ids = {m.surface: m.authority_id for m in resolve(nlp, text).mentions}
    assert {surface: ids[surface] for surface in expected} == expected


@pytest.mark.parametrize(
    "text, surface, expected",
    [
        # a Code note after a section of an act prints that section there: it neither codifies it nor is the whole act
        ("would amend section 873 of the Data Shield Act of 2031 (44 U.S.C. 3515 note) by striking", "44 U.S.C. 3515",
         "us/act/data-shield-act/s873"),
        ("Public Law 122-8, section 12, Data Shield Act of 2031 (44 U.S.C. 3512 note); 5 U.S.C. 9101", "44 U.S.C. 3512",
         "us/pl/122/8/s12"),
        # a Code cite that is a curated record's key is still a Code note here
        ("the Judicial Redress Act of 2015 (5 U.S.C. 552a note) extends", "5 U.S.C. 552a", "us/act/judicial-redress-act"),
    ],
)
def test_equivalence_a_code_note_after_a_section_or_on_a_curated_key(nlp, text: str, surface: str, expected: str) -> None:
    resolved = resolve(nlp, text)
    ids = {m.surface: m.authority_id for m in resolved.mentions}
    assert ids[surface] == expected
    assert not ids.get("section 873", "").startswith("us/usc/")
    notes = [e.equivalent_id for e in resolved.equivalences if e.rule == "printed_at"]
    assert notes == [f"us/usc/t{surface.split()[0]}/s{surface.split()[-1]}/note"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a notice's authority list: public law, its section, then its title, the year in the law's Congress
        ("Authority: Public Law 122-8, section 12, Data Shield Act of 2031 (44 U.S.C. 3512 note).", "us/pl/122/8"),
        ("Authority: Pub. L. 122-8, Data Shield Act of 2031; and 5 U.S.C. 301.", "us/pl/122/8"),
        # a list of laws: "the", no section and no item's end, or a year of another Congress
        ("See Pub. L. 122-8, the Data Shield Act of 2031.", "us/act/data-shield-act"),
        ("See Pub. L. 122-8, Data Shield Act of 2031, and FISA.", "us/act/data-shield-act"),
        ("Authority: Pub. L. 122-8, section 12, Data Shield Act of 2040.", "us/act/data-shield-act"),
    ],
)
def test_equivalence_a_title_after_its_public_law(nlp, text: str, expected: str) -> None:
    ids = {m.surface: m.authority_id for m in resolve(nlp, text).mentions}
    assert next(aid for surface, aid in ids.items() if surface.startswith("Data Shield Act")) == expected


def test_equivalence_an_act_cited_with_its_code_appendix_has_its_sections_there(nlp):
    text = ("The Data Shield Procedures Act (\u201cDSPA\u201d), 18 U.S.C. App. 3, governs discovery. Cf. DSPA \u00a7 4 "
            "and section 6 of the Data Shield Procedures Act.")
    resolved = resolve(nlp, text)
    ids = {m.surface: m.authority_id for m in resolved.mentions}
    assert ids["18 U.S.C. App. 3"] == "us/usc/t18a/app3"
    assert (ids["\u00a7 4"], ids["section 6"]) == ("us/usc/t18a/app3/s4", "us/usc/t18a/app3/s6")
    rows = [(e.rule, e.equivalent_id) for e in resolved.equivalences]
    assert ("codified_at", "us/act/data-shield-procedures-act/s4") in rows


def test_equivalence_an_order_reprinted_as_amended_in_a_code_note_is_the_order_the_list_amends(nlp):
    text = ("\u00b2 Exec. Order No. 14999, 96 Fed. Reg. 100 (Jan. 4, 2031), as amended by Exec. Order No. 15001, 96 Fed. "
            "Reg. 900 (Feb. 1, 2031), and Exec. Order No. 15010, 96 Fed. Reg. 2000 (Mar. 1, 2031), reprinted as amended "
            "in 50 U.S.C. \u00a7 3099 note.")
    resolved = resolve(nlp, text)
    assert {m.surface: m.authority_id for m in resolved.mentions}["50 U.S.C. \u00a7 3099"] == "us/eo/14999"
    assert [(e.rule, e.authority_id, e.equivalent_id) for e in resolved.equivalences] == [
        ("printed_at", "us/eo/14999", "us/usc/t50/s3099/note")]


def test_equivalence_an_order_reprinted_in_a_code_note_after_its_federal_register_page(nlp):
    text = "Exec. Order No. 14,999, 96 Fed. Reg. 100 (Jan. 4, 2031), reprinted in 50 U.S.C. \u00a7 3099 note."
    assert {m.surface: m.authority_id for m in resolve(nlp, text).mentions}["50 U.S.C. \u00a7 3099"] == "us/eo/14999"
