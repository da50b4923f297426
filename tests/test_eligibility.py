"""The eligibility engine against the rules in FACTS.md 1.3-1.7, 2 and 3, edge cases included."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import AS_OF, RULES_PATH, rules, t
from imguide.core.content.read_rules import read_rules
from imguide.core.content.reader import Reader
from imguide.core.eligibility import explain as eligibility_text
from imguide.core.eligibility import grading
from imguide.core.eligibility.evaluate import EligibilityInput, EligibilityResult, evaluate
from imguide.core.eligibility.explain import PROGRAMME_NAMES, explain, missing_text, subject_name
from imguide.core.eligibility.grading import GRADES, SUBJECT_CODES, SUBJECT_NAMES, EligibilityError, parse_grades
from imguide.core.eligibility.rules import HE_PREP, RuleSet, rules_in_force
from imguide.core.records import replace

SUBJECTS = SUBJECT_CODES
NT = t("sv")
# Subjects that are never named by any requirement, so they only ever count as "others".
FREE = ["BL", "HKK", "IDH", "MU", "SL", "M1", "M2", "ML", "TK"]


def grades(*codes: str, grade: str = "E", **extra: str) -> dict[str, str]:
    """A grade sheet: the given codes at `grade`, plus explicit ones (e.g. EN="F")."""
    return {**{code: grade for code in codes}, **extra}


def run(sheet: dict[str, str] | None, **kwargs: object) -> EligibilityResult:
    return evaluate(EligibilityInput(grades=sheet, **kwargs), rules())  # type: ignore[arg-type]


# ---------------------------------------------------------------- subject requirements

CASES = [
    # id, grades, vocational, eligible HE-prep programmes, imv, missing vocational, missing IMV
    ("all-passed", grades(*SUBJECTS), True, set(HE_PREP), True, [], []),
    ("exactly-8", grades("SV", "EN", "MA", *FREE[:5]), True, set(), True, [], []),
    ("only-7", grades("SV", "EN", "MA", *FREE[:4]), False, set(), True, ["others:1"], []),
    ("missing-en-only", grades("SV", "MA", *FREE[:5], EN="F"), False, set(), True, ["EN"], []),
    ("missing-en-and-ma", grades("SV", *FREE[:6]), False, set(), False, ["EN", "MA"], ["EN|MA"]),
    ("missing-sv", grades("EN", "MA", *FREE[:6]), False, set(), False, ["SV"], ["SV"]),
    ("sva-instead-of-sv", grades("SVA", "EN", "MA", *FREE[:5]), True, set(), True, [], []),
    ("sv-f-sva-e", grades("EN", "MA", *FREE[:5], SV="F", SVA="E"), True, set(), True, [], []),
    ("sv-and-sva-count-once", grades("SV", "SVA", "EN", "MA", *FREE[:4]), False, set(), True, ["others:1"], []),
    ("f-is-not-pass", grades("SV", "EN", "MA", *FREE[:4], SL="F"), False, set(), True, ["others:1"], []),
    ("dash-is-not-pass", grades("SV", "EN", "MA", *FREE[:4], SL="-"), False, set(), True, ["others:1"], []),
    ("imv-alt1-exact", grades("SV", "EN", "MA", *FREE[:3]), False, set(), True, ["others:2"], []),
    ("imv-alt1-one-below", grades("SV", "EN", "MA", *FREE[:2]), False, set(), False, ["others:3"], ["others:1"]),
    ("imv-alt2-en", grades("SV", "EN", *FREE[:4]), False, set(), True, ["MA", "others:1"], []),
    ("imv-alt2-ma", grades("SV", "MA", *FREE[:4]), False, set(), True, ["EN", "others:1"], []),
    ("imv-alt2-one-below", grades("SV", "EN", *FREE[:3]), False, set(), False, ["MA", "others:2"], ["MA"]),
    ("grade-a-counts", grades("SV", "EN", "MA", *FREE[:5], grade="A"), True, set(), True, [], []),
    ("no-grades", None, False, set(), False, ["SV", "EN", "MA", "others:5"], ["SV", "EN", "MA", "others:3"]),
]


@pytest.mark.parametrize(
    "sheet, vocational, open_he, imv, missing_voc, missing_imv", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_subject_requirements(sheet, vocational, open_he, imv, missing_voc, missing_imv):
    result = run(sheet)
    assert result.vocational is vocational
    assert {p for p, ok in result.programmes.items() if ok} == open_he
    assert result.imv is imv
    assert result.missing["vocational"] == missing_voc
    assert result.missing["IMV"] == missing_imv


def test_na_lacks_chemistry_despite_twelve_passes():
    sheet = grades("SV", "EN", "MA", "BI", "FY", "TK", "GE", "HI", "RE", "SH", "BL", "HKK")
    result = run(sheet)
    assert result.programmes["NA"] is False and result.programmes["TE"] is False
    assert result.missing["NA"] == ["KE"]  # 7 other passes: the count is fine, the subject is not
    assert result.programmes["ES"] is True  # 12 of any kind
    assert result.programmes["EK"] is True  # GE HI RE SH + BI FY TK BL HKK as the 5 others


def test_specific_subjects_are_not_also_counted_as_others():
    # NA: SV EN MA BI FY KE + 5 others = 11; the six named subjects must not fill the 6 "others".
    result = run(grades("SV", "EN", "MA", "BI", "FY", "KE", *FREE[:5]))
    assert result.programmes["NA"] is False
    assert result.missing["NA"] == ["others:1"]


@pytest.mark.parametrize("n_free, ok", [(9, True), (8, False)])
def test_es_needs_twelve_of_any_kind(n_free, ok):
    result = run(grades("SV", "EN", "MA", *FREE[:n_free]))
    assert result.programmes["ES"] is ok
    assert result.missing["ES"] == ([] if ok else ["others:1"])
    assert result.programmes["EK"] is False  # no GE, HI, RE, SH among them


def test_ek_hu_sa_list_the_missing_social_subjects():
    result = run(grades("SV", "EN", "MA", "GE", *FREE[:6]))
    for programme in ("EK", "HU", "SA"):
        assert result.missing[programme] == ["HI", "SH", "RE"]


def test_missing_is_empty_exactly_for_met_targets():
    result = run(grades("SV", "EN", "MA", "GE", "HI", "RE", "SH", *FREE[:5]))
    assert set(result.missing) == {"vocational", *HE_PREP, "IMV"}
    for target, ok in [("vocational", result.vocational), ("IMV", result.imv), *result.programmes.items()]:
        assert (result.missing[target] == []) is ok


# ---------------------------------------------------------------- English exemption


def test_english_exemption_may_apply_with_seven_incl_sv_and_ma():
    result = run(grades("SV", "MA", *FREE[:5], EN="F"))
    assert "english_exemption" in result.notes
    assert result.english_exemption_for == ["vocational"]
    assert result.vocational is False  # a note that it MAY apply, never a yes


@pytest.mark.parametrize(
    "sheet",
    [
        grades("SV", "MA", *FREE[:4], EN="F"),  # only 6 passes
        grades("MA", *FREE[:6], EN="F", SV="F"),  # no Swedish
        grades("SV", *FREE[:6], EN="F", MA="F"),  # no maths
        grades("SV", "EN", "MA", *FREE[:4]),  # English passed: the problem is elsewhere
    ],
    ids=["six-passes", "no-sv", "no-ma", "has-en"],
)
def test_english_exemption_not_suggested(sheet):
    result = run(sheet)
    assert "english_exemption" not in result.notes
    assert result.english_exemption_for == []


def test_english_exemption_for_he_prep_needs_eleven_and_the_specific_subjects():
    result = run(grades("SV", "MA", "GE", "HI", "SH", "RE", *FREE[:5], EN="-"))
    assert result.english_exemption_for == ["vocational", "EK", "ES", "HU", "SA"]  # not NA/TE: no BI FY KE
    assert not any(result.programmes.values())


def test_english_exemption_always_needs_swedish_and_maths():
    # Even under a made-up rule set where vocational programmes would not name maths, FACTS 2.3
    # makes Sv/SvA and Ma part of "otherwise eligible" for the exemption.
    rules_ = rules()
    national = dict(rules_.national)
    national["vocational"] = national["vocational"]._replace(required=("SV", "EN"), others=6)
    loose = replace(rules_, national=national)
    result = evaluate(EligibilityInput(grades("SV", *FREE[:6], EN="F", MA="F")), loose)
    assert result.english_exemption_for == []
    with_maths = evaluate(EligibilityInput(grades("SV", "MA", *FREE[:5], EN="F")), loose)
    assert with_maths.english_exemption_for == ["vocational"]


# ---------------------------------------------------------------- IM programme fit


def test_ims_for_a_pupil_unsure_of_being_newly_arrived_only_without_grades():
    unsure = run(None, maybe_newly_arrived=True)
    assert "IMS" in unsure.im_programmes and "ims_if_newly_arrived" in unsure.notes
    with_grades = run(grades("SV", *FREE[:2]), maybe_newly_arrived=True)
    assert "IMS" not in with_grades.im_programmes and "ims_if_newly_arrived" not in with_grades.notes
    sure = run(None, newly_arrived=True)
    assert "IMS" in sure.im_programmes and "ims_if_newly_arrived" not in sure.notes


@pytest.mark.parametrize(
    "sheet, newly_arrived, expected",
    [
        (grades(*SUBJECTS), False, []),
        (grades("SV", "EN", "MA", "GE", "HI", "RE", "SH", *FREE[:5]), False, []),  # HE-prep open: no IM
        (grades("SV", "EN", "MA", *FREE[:5]), False, ["IMV"]),  # vocational only: IMV towards HE-prep
        (grades("SV", "EN", "MA", *FREE[:5]), True, ["IMV"]),  # no IMS for an eligible pupil
        (grades("SV", "EN", "MA", *FREE[:3]), False, ["IMV", "IMY", "IMA"]),
        (grades("SV", "EN", "MA", *FREE[:3]), True, ["IMV", "IMY", "IMA", "IMS"]),  # the law's order: no ranking
        (grades("SV", *FREE[:2]), False, ["IMY", "IMA"]),
        (grades("SV", *FREE[:2]), True, ["IMY", "IMA", "IMS"]),
        (None, False, ["IMY", "IMA"]),
        (None, True, ["IMY", "IMA", "IMS"]),
        ({}, True, ["IMY", "IMA", "IMS"]),
    ],
)
def test_im_programmes(sheet, newly_arrived, expected):
    result = run(sheet, newly_arrived=newly_arrived)
    assert result.im_programmes == expected
    assert ("imv_for_he_prep" in result.notes) is (result.vocational and expected == ["IMV"])


def test_no_grades_note_and_empty_dict_is_the_same_as_none():
    assert run({}).to_json() == run(None).to_json()
    assert run(None).notes[0] == "no_grades"


def test_notes_for_dash_and_both_swedish_subjects():
    result = run(grades("SVA", "EN", SV="E", MA="-"))
    assert "dash_is_not_a_grade" in result.notes
    assert "both_sv_and_sva" in result.notes
    assert "dash_is_not_a_grade" not in run(grades("SV", MA="F")).notes


def test_check_with_syv_is_last_and_absent_when_nothing_is_uncertain():
    assert run(grades("SV", "EN")).notes[-1] == "check_with_syv"
    every = grades(*(code for code in SUBJECTS if code != "SVA"))
    clean = evaluate(EligibilityInput(every, date(2011, 5, 5), date(2027, 8, 16)), rules())
    assert clean.notes == []


# ---------------------------------------------------------------- age


@pytest.mark.parametrize(
    "born, start, ok",
    [
        (date(2007, 1, 1), date(2027, 6, 30), True),  # last day of the first half of the year of 20
        (date(2007, 1, 1), date(2027, 7, 1), False),
        (date(2007, 12, 31), date(2027, 6, 30), True),  # born late: still 19 but the year decides
        (date(2007, 12, 31), date(2027, 7, 1), False),
        (date(2007, 12, 31), date(2028, 1, 10), False),  # already 20
        (date(2008, 2, 29), date(2028, 6, 30), True),
        (date(2011, 6, 1), date(2027, 8, 16), True),
    ],
)
def test_age_limit(born, start, ok):
    result = run(grades("SV", "EN"), born=born, start=start)
    assert result.age_ok is ok
    assert ("age_limit_passed" in result.notes) is (not ok)
    if not ok:
        assert result.im_programmes == []  # too late to start any gymnasieskola programme


@pytest.mark.parametrize(
    "born, start, ok",
    [
        (date(2009, 3, 10), date(2027, 3, 9), True),  # turns 18 the day after the start
        (date(2009, 3, 10), date(2027, 3, 10), False),  # 18 on the start day: not "before 18"
        (date(2009, 3, 10), date(2027, 3, 11), False),  # turned 18 the day before
        (date(2008, 2, 29), date(2026, 2, 28), True),  # leap-day birthday: 18 on 1 March
        (date(2008, 2, 29), date(2026, 3, 1), False),
    ],
)
def test_asylum_seeker_must_start_before_18(born, start, ok):
    result = run(grades("SV"), born=born, start=start, not_registered=True)
    assert result.age_ok is ok
    assert ("asylum_under_18" if ok else "asylum_start_before_18") in result.notes
    assert (result.im_programmes != []) is ok


def test_the_asylum_rule_only_binds_asylum_seekers():
    result = run(grades("SV"), born=date(2009, 3, 10), start=date(2027, 8, 16))
    assert result.age_ok is True
    assert not any(note.startswith("asylum") for note in result.notes)


@pytest.mark.parametrize(
    "born, start", [(None, date(2027, 8, 16)), (date(2010, 1, 1), None), (None, None)], ids=["no-born", "no-start", "none"]
)
def test_age_unknown(born, start):
    assert run(None, born=born, start=start).age_ok is None
    asylum = run(None, born=born, start=start, not_registered=True)
    assert asylum.age_ok is None and "asylum_start_before_18" in asylum.notes


def test_complete_after_20_only_when_20_comes_within_three_years():
    assert "complete_after_20" in run(None, born=date(2008, 5, 1), start=date(2026, 8, 17)).notes
    assert "complete_after_20" not in run(None, born=date(2011, 1, 1), start=date(2026, 8, 17)).notes


def test_born_after_start_is_an_error():
    with pytest.raises(EligibilityError, match="2027-01-01"):
        run(None, born=date(2027, 1, 1), start=date(2026, 8, 17))


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    "text, expected",
    [
        ("SV=E,en=f,MA=-", {"SV": "E", "EN": "F", "MA": "-"}),
        (" sv = a , Hkk=c, ", {"SV": "A", "HKK": "C"}),
        ("", {}),
        ("MA=–", {"MA": "-"}),  # a typographic dash from a real grade sheet
    ],
)
def test_parse_grades(text, expected):
    assert parse_grades(text) == expected


@pytest.mark.parametrize(
    "text, token",
    [
        ("SV=E,XX=E", "'XX'"),
        ("SV=G", "'G'"),
        ("SV=E,sv=C", "'sv'"),
        ("SV:E", "'SV:E'"),
        ("SV=", "'SV='"),
        ("=E", "'=E'"),
        ("SV=E=E", "'SV=E=E'"),
    ],
)
def test_parse_grades_errors_name_the_token(text, token):
    with pytest.raises(EligibilityError) as caught:
        parse_grades(text)
    assert token in str(caught.value)
    assert "\n" not in str(caught.value)


def test_evaluate_validates_a_mapping_too():
    assert run({"sv": "e", "En": "a"}).missing["IMV"] == ["MA", "others:3"]  # a tie: the first alternative
    assert run({"sv": "e"}).to_json() == run({"SV": "E"}).to_json()
    with pytest.raises(EligibilityError, match="'Q'"):
        run({"SV": "Q"})
    with pytest.raises(EligibilityError, match="två gånger"):
        run({"SV": "E", "sv": "E"})


# ---------------------------------------------------------------- rules as dated data


def test_shipped_rules_load_and_carry_the_reform_date():
    rules_ = rules()
    assert isinstance(rules_, RuleSet)
    assert rules_.valid_from == date(2019, 7, 1)
    assert rules(date(2019, 7, 1)).valid_from == date(2019, 7, 1)


def test_a_date_before_every_rule_set_is_a_clear_error():
    with pytest.raises(EligibilityError, match="2019-06-30.*2019-07-01"):
        rules(date(2019, 6, 30))


def test_every_rule_names_a_source_from_the_fact_sheet():
    facts = Path("/work/shared/domain/FACTS.md")
    if not facts.exists():
        pytest.skip("the fact sheet is not on this machine")
    urls = set(re.findall(r"https?://[^\s;)]+", facts.read_text(encoding="utf-8")))
    sources = re.findall(r"source: (\S+)", RULES_PATH.read_text(encoding="utf-8"))
    assert len(sources) >= 12
    assert [s for s in sources if s not in urls] == []


def read(path: Path):
    """The rule sets of a file, and the diagnostics the content loader gives for it."""
    reader = Reader()
    return read_rules(reader, path), reader.diagnostics


def _with_second_set(tmp_path: Path, extra: str) -> Path:
    text = RULES_PATH.read_text(encoding="utf-8")
    later = text[text.index("  - valid_from:") :].replace("2019-07-01", "2030-01-01", 1)
    path = tmp_path / "eligibility.yaml"
    path.write_text(text + "\n" + later.replace(extra.split("|")[0], extra.split("|")[1]), encoding="utf-8")
    return path


def test_the_newest_rule_set_in_force_wins(tmp_path):
    # A made-up law change: vocational programmes need 6 others (9 subjects) from 2030.
    path = _with_second_set(
        tmp_path, "required: [SV, EN, MA]\n        others: 5\n        total: 8|required: [SV, EN, MA]\n        others: 6\n        total: 9"
    )
    sets, problems = read(path)
    assert problems == []
    old, new = rules_in_force(sets, date(2029, 12, 31)), rules_in_force(sets, date(2030, 1, 1))
    assert (old.valid_from, new.valid_from) == (date(2019, 7, 1), date(2030, 1, 1))
    sheet = EligibilityInput(grades("SV", "EN", "MA", *FREE[:5]))
    assert evaluate(sheet, old).vocational is True
    assert evaluate(sheet, new).vocational is False
    assert evaluate(sheet, new).rules_valid_from == date(2030, 1, 1)


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("others: 5\n        total: 8", "others: 5\n        total: 9", "national.vocational.total"),
        ("required: [SV, EN, MA, BI, FY, KE]", "required: [SV, EN, MA, BIO, FY, KE]", "BIO"),
        ("valid_from: 2019-07-01", "valid_from: 2019-13-01", "2019-13-01"),
        ("valid_from: 2019-07-01", "valid_from: July 2019", "valid_from"),
        ("valid_from: 2019-07-01", "valid_from: 2019-07-01 10:00:00", "valid_from"),
        ("counts_as: SV", "counts_as: XX", "equivalents.SVA"),
        ("      SA:\n", "      SX:\n", "national must name"),
        ("start_by: \"06-30\"", "start_by: \"06-31\"", "start_by"),
        ("start_before_age: 18", "start_before_age: eighteen", "start_before_age"),
        ("        he_prep: 11\n", "", "otherwise_passes"),
        (
            "source: https://www.skolverket.se/regelverk/juridisk",
            "source: www.skolverket.se/regelverk/juridisk",
            "english_exemption.source",
        ),
    ],
)
def test_bad_rules_data_is_a_diagnostic_at_its_line(tmp_path, old, new, message):
    text = RULES_PATH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    sets, problems = read(path)
    assert sets == ()
    found = [d for d in problems if message in d.message]
    assert found, [d.format() for d in problems]
    assert found[0].file == str(path) and found[0].line > 0 and found[0].is_error


@pytest.mark.parametrize(
    "content, code",
    [
        ("rule_sets: [\n  - valid_from", "IMG010"),
        ("- just a list\n", "IMG011"),
        ("rule_sets: []\n", "IMG026"),
        ("rule_sets:\n  - 42\n", "IMG026"),
    ],
)
def test_malformed_rules_files(tmp_path, content, code):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    sets, problems = read(path)
    assert sets == () and code in {d.code for d in problems}
    assert all(d.file == str(path) for d in problems)


def test_missing_rules_file_and_duplicate_dates(tmp_path):
    _, problems = read(tmp_path / "nope.yaml")
    assert [d.code for d in problems] == ["IMG025"] and problems[0].file.endswith("nope.yaml")
    text = RULES_PATH.read_text(encoding="utf-8")
    twice = tmp_path / "twice.yaml"
    twice.write_text(text + "\n" + text[text.index("  - valid_from:") :], encoding="utf-8")
    sets, problems = read(twice)
    assert len(sets) == 1 and any("same valid_from" in d.message for d in problems)


# ---------------------------------------------------------------- properties

sheets = st.dictionaries(st.sampled_from(SUBJECTS), st.sampled_from(GRADES), max_size=len(SUBJECTS))


def _targets(result: EligibilityResult) -> dict[str, bool]:
    return {"vocational": result.vocational, "IMV": result.imv, **result.programmes}


@settings(max_examples=300, deadline=None)
@given(sheet=sheets, subject=st.sampled_from(SUBJECTS), grade=st.sampled_from("ABCDE"))
def test_adding_a_pass_never_takes_eligibility_away(sheet, subject, grade):
    before = _targets(run(sheet))
    after = _targets(run({**sheet, subject: grade}))
    assert all(after[target] for target, ok in before.items() if ok)


@settings(max_examples=300, deadline=None)
@given(sheet=sheets, newly_arrived=st.booleans())
def test_invariants(sheet, newly_arrived):
    result = run(sheet, newly_arrived=newly_arrived)
    if result.vocational:
        assert result.imv  # the IMV entry rule is a subset of the vocational one
        assert "IMS" not in result.im_programmes and "IMY" not in result.im_programmes
    for target, ok in _targets(result).items():
        assert (result.missing[target] == []) is ok
    if any(result.programmes.values()):
        assert result.vocational and result.im_programmes == []
    assert ("IMS" in result.im_programmes) is (newly_arrived and not result.vocational)
    assert json.loads(json.dumps(result.to_json())) == result.to_json()


@settings(max_examples=200, deadline=None)
@given(sheet=sheets)
def test_exemption_means_english_is_the_only_gap(sheet):
    result = run(sheet)
    with_english = run({**{k: v for k, v in sheet.items() if k != "EN"}, "EN": "E"})
    for target in result.english_exemption_for:
        assert not _targets(result)[target] and _targets(with_english)[target]


@settings(max_examples=200, deadline=None)
@given(sheet=sheets, data=st.data())
def test_parse_grades_round_trip(sheet, data):
    text = ",".join(
        f"{data.draw(st.sampled_from([code, code.lower()]))}={data.draw(st.sampled_from([g, g.lower()]))}"
        for code, g in sheet.items()
    )
    assert parse_grades(text) == sheet


# ---------------------------------------------------------------- explanations


class Marking:
    """A translator that wraps every message, to prove that no sentence bypasses it."""

    def __init__(self) -> None:
        self.seen: set[tuple[str | None, str]] = set()

    def gettext(self, message: str) -> str:
        self.seen.add((None, message))
        return f"<<{message}>>"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self.seen.add((None, singular))
        return f"<<{singular if n == 1 else plural}>>"

    def pgettext(self, context: str, message: str) -> str:
        self.seen.add((context, message))
        return f"<<{message}>>"

    def join(self, items, style: str = "standard") -> str:
        return " + ".join(items)


EXPLAIN_CASES = [
    EligibilityInput(grades(*SUBJECTS), date(2010, 5, 5), date(2026, 8, 17)),
    EligibilityInput(grades("SV", "MA", *FREE[:5], EN="F", SVA="-")),
    EligibilityInput(grades("SV", "EN", "MA", *FREE[:5]), date(2008, 5, 1), date(2026, 8, 17)),
    EligibilityInput(None, date(2007, 1, 1), date(2027, 7, 1), newly_arrived=True),
    EligibilityInput(grades("SV", "EN", "MA"), date(2009, 3, 10), date(2027, 3, 10), not_registered=True),
    EligibilityInput(grades("SV", *FREE), date(2010, 3, 10), date(2026, 8, 10), not_registered=True),
    EligibilityInput(grades("SV", "EN"), not_registered=True),
]


@pytest.mark.parametrize("inp", EXPLAIN_CASES)
def test_every_sentence_goes_through_the_translator_and_can_be_extracted(inp):
    marking = Marking()
    lines = explain(evaluate(inp, rules()), marking)
    assert lines and all(line.startswith("<<") and line.endswith(">>") for line in lines)
    extracted = {
        (context, msg[0] if isinstance(msg, tuple) else msg)
        for source in (eligibility_text.__file__, grading.__file__)
        for _, msg, _, context in extract_from_file("python", source)
    }
    assert marking.seen <= extracted


def test_names_exist_for_every_subject_and_target():
    assert set(SUBJECT_NAMES) == set(SUBJECTS)
    assert {"vocational", *HE_PREP, "IMV", "IMY", "IMA", "IMS"} == set(PROGRAMME_NAMES)
    assert subject_name("EN", NT) == "engelska"


def test_missing_text_reads_like_swedish():
    assert missing_text(["SV", "EN|MA", "others:1"], NT) == (
        "svenska eller svenska som andraspråk, engelska eller matematik och 1 annat ämne"
    )
    assert missing_text(["KE"], NT) == "kemi"
    assert missing_text(["others:3"], NT) == "3 andra ämnen"


def test_explanation_content():
    lines = explain(run(grades("SV", "MA", *FREE[:5], EN="F")), NT)
    assert lines[0] == "Yrkesprogram: du saknar godkänt betyg (E eller högre) i engelska."
    text = "\n".join(lines)
    assert "dispens" in text and "Fråga din SYV" in text
    assert "passar bäst" not in text and "först" not in text  # the law ranks no programme
    eligible = explain(run(grades(*SUBJECTS)), NT)
    assert eligible[:2] == ["Yrkesprogram: du är behörig.", "Högskoleförberedande program: du är behörig till alla."]
    late = explain(run(grades(*SUBJECTS), born=date(2004, 1, 1), start=date(2027, 7, 1)), NT)
    assert "för sent" in late[0] and "komvux" in late[1]  # too late comes first...
    assert late[2] == "Yrkesprogram: dina betyg hade räckt, om du hade kunnat börja."  # ...and then only "if"
    assert not any("du är behörig" in line for line in late)


def test_one_short_line_per_programme_group():
    lines = explain(run(grades("SV", "EN", "MA", "BI", "FY", "KE", *FREE[:6])), NT)
    groups = [line.split(":")[0] for line in lines if ":" in line]
    assert groups[:3] == ["Yrkesprogram", "Högskoleförberedande program", "Introduktionsprogram"]
    assert lines[1] == "Högskoleförberedande program: du är behörig till Estetiska programmet, Naturvetenskapsprogrammet och Teknikprogrammet."
    assert all(len(line) < 200 for line in lines if line.split(":")[0] in groups)


def test_the_core_does_not_pull_in_a_ui_library():
    code = (
        "import sys, imguide.core.eligibility, imguide.core.eligibility.explain;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('imguide.ui')))"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == "[]"
