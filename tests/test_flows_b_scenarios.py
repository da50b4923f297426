"""Typical pupils walked through the flows fit, intake and after_im (issue 3, flows 3, 6, 7).

Each scenario answers the questions of `fit` the way one kind of pupil would and checks which
result messages the path passes: the engine decides eligibility, the flow decides what is said.
"""

from __future__ import annotations

from datetime import date

import pytest

from imguide.core.content.loader import load_bundle
from imguide.core.engine.session import Session

AS_OF = date(2026, 3, 1)  # rules in force for the 2026 application

ALL_PASSED = {
    "SV": "C", "EN": "B", "MA": "C", "BI": "C", "FY": "D", "KE": "C", "TK": "C", "GE": "C",
    "HI": "C", "RE": "C", "SH": "B", "BL": "A", "HKK": "C", "IDH": "B", "MU": "C", "SL": "C",
    "M1": "D",
}  # fmt: skip

# Everything passed except English: otherwise eligible, so the English exemption may apply.
NO_ENGLISH = {**ALL_PASSED, "EN": "F"}

# English and mathematics failed: IMV needs English or mathematics, so IMV is out.
NO_ENGLISH_NO_MATHS = {"SV": "E", "EN": "F", "MA": "F", "BI": "E", "GE": "E", "HI": "E", "IDH": "C", "BL": "D", "SL": "E"}

# Vocational only: Sv, En, Ma and five more, but no physics and chemistry, no history/religion.
VOCATIONAL_ONLY = {"SVA": "E", "EN": "E", "MA": "E", "BL": "C", "IDH": "C", "SL": "D", "MU": "E", "HKK": "D", "FY": "F", "KE": "-"}

INTAKE_QUESTIONS = [
    "intake_interests", "intake_goals", "intake_strengths", "intake_difficulties", "intake_support",
    "intake_languages", "intake_strongest_language", "intake_school_years", "intake_school_country",
    "intake_meeting_wishes", "intake_questions",
]  # fmt: skip


@pytest.fixture(scope="module")
def bundle():
    return load_bundle()


def walk(bundle, answers: dict, flow: str = "fit") -> Session:
    session = Session(bundle, flow, "sv", as_of=AS_OF)
    problems = list(session.replay_script(answers))
    assert problems == [], problems
    return session


def path_ids(session: Session) -> list[str]:
    return [step.node.id for step in session.state.path]


def fit_answers(*, grades=None, known="yes", newly="no", born=None, start=None, registered="yes", finish="done") -> dict:
    answers = {"fit_grades_known": known, "fit_newly_arrived": newly, "fit_next": finish}
    if known == "yes":
        answers["fit_grades"] = grades
    elif known == "not_yet":
        answers["fit_try_grades"] = "no"
    answers["fit_birth_date"] = born
    if born is not None:
        answers["fit_start_date"] = start
        answers["fit_registered"] = registered
    return answers


def test_passed_everything_vocational_and_all_national_programmes(bundle):
    s = walk(bundle, fit_answers(grades=ALL_PASSED, born="2010-05-14", start="2026-08-17"))
    path = path_ids(s)
    assert s.state.outcome is not None and s.state.outcome.id == "fit_done"
    assert "fit_res_vocational" in path and "fit_res_he_all" in path and "fit_res_merit" in path
    for absent in ("fit_res_missing_voc", "fit_res_im_list", "fit_res_age", "fit_res_he_rest", "fit_res_he_none"):
        assert absent not in path
    assert path[-2:] == ["fit_next", "fit_done"] and "fit_res_guide" in path


def test_vocational_only_points_to_imv_for_he_preparatory(bundle):
    s = walk(bundle, fit_answers(grades=VOCATIONAL_ONLY))
    path = path_ids(s)
    assert "fit_res_vocational" in path and "fit_res_he_none" in path
    assert "fit_res_he_all" not in path and "fit_res_im_list" not in path
    assert "imv_for_he_prep" in s.state.values["fit_result"]["notes"]


def test_missing_english_gives_imv_and_the_english_exemption(bundle):
    s = walk(bundle, fit_answers(grades=NO_ENGLISH, born="2010-05-14", start="2026-08-17"))
    path = path_ids(s)
    result = s.state.values["fit_result"]
    assert result["imv"] is True and result["vocational"] is False
    assert "english_exemption" in result["notes"]
    for node in ("fit_res_missing_voc", "fit_res_english", "fit_res_imv_ok", "fit_res_stay", "fit_res_im_list", "fit_res_im_imv"):
        assert node in path, node
    assert "fit_res_imv_missing" not in path
    assert path.index("fit_res_english") < path.index("fit_res_imv_ok")


def test_missing_english_and_maths_means_no_imv(bundle):
    s = walk(bundle, fit_answers(grades=NO_ENGLISH_NO_MATHS))
    path = path_ids(s)
    result = s.state.values["fit_result"]
    assert result["imv"] is False
    assert "fit_res_imv_missing" in path and "fit_res_imv_ok" not in path
    assert "fit_res_english" not in path
    assert "fit_res_im_imy" in path and "fit_res_im_ima" in path
    assert "fit_res_im_imv" not in path and "fit_res_im_ims" not in path  # not newly arrived
    assert "fit_res_stay" in path


def test_newly_arrived_at_16_without_grades_gets_ims_and_kartlaggning(bundle):
    s = walk(bundle, fit_answers(known="no_swedish", newly="yes", born="2010-03-02", start="2026-08-17", registered="yes"))
    path = path_ids(s)
    result = s.state.values["fit_result"]
    assert "IMS" in result["im_programmes"]
    assert "fit_no_swedish" in path and "fit_res_no_grades_new" in path
    assert "fit_res_im_list" in path and "fit_res_im_ims" in path
    assert "fit_res_no_grades" not in path and "fit_res_vocational" not in path
    assert "fit_res_stay" not in path  # not in a Swedish grundskola: staying on is not the point here
    assert "fit_res_age" not in path and "fit_res_age_asylum" not in path


def test_not_folkbokford_turning_18_before_start_gets_the_age_warning(bundle):
    s = walk(bundle, fit_answers(known="no_swedish", newly="yes", born="2008-05-30", start="2026-08-17", registered="no"))
    path = path_ids(s)
    assert s.state.values["fit_result"]["age_ok"] is False
    assert "fit_res_age_asylum" in path and "fit_res_age" not in path
    assert path.index("fit_res_age_asylum") < path.index("fit_res_late_komvux")
    assert "fit_res_no_grades_new" not in path  # too late: no "IMS often fits"
    assert "fit_res_im_list" not in path  # too late: no IM programme fits
    assert s.state.outcome.id == "fit_done"


def test_same_dates_folkbokford_are_fine(bundle):
    s = walk(bundle, fit_answers(known="no_swedish", newly="yes", born="2008-05-30", start="2026-08-17", registered="yes"))
    path = path_ids(s)
    assert s.state.values["fit_result"]["age_ok"] is True
    assert "fit_res_age_asylum" not in path and "fit_res_age" not in path


def test_born_early_in_the_year_turning_20_gets_the_age_warning(bundle):
    s = walk(bundle, fit_answers(grades=NO_ENGLISH_NO_MATHS, born="2007-02-01", start="2027-08-16"))
    path = path_ids(s)
    assert s.state.values["fit_result"]["age_ok"] is False
    assert "fit_res_age" in path and "fit_res_age_asylum" not in path
    # after "too late" the grades are spoken of only conditionally, then komvux
    assert path.index("fit_res_age") < path.index("fit_res_late_missing") < path.index("fit_res_late_komvux")
    for absent in ("fit_res_missing_voc", "fit_res_imv_ok", "fit_res_imv_missing", "fit_res_stay", "fit_res_im_list"):
        assert absent not in path, absent


def test_too_late_but_eligible_hears_no_you_may_apply(bundle):
    s = walk(bundle, fit_answers(grades=ALL_PASSED, born="1990-01-01", start="2026-08-17"))
    path = path_ids(s)
    assert s.state.values["fit_result"]["age_ok"] is False
    assert "fit_res_late_vocational" in path and "fit_res_late_komvux" in path
    for absent in ("fit_res_vocational", "fit_res_merit", "fit_res_conditions", "fit_res_stay"):
        assert absent not in path, absent


def test_staying_on_in_grundskolan_only_before_18(bundle):
    young = walk(bundle, fit_answers(grades=NO_ENGLISH_NO_MATHS, born="2010-05-14", start="2026-08-17"))
    assert "fit_res_stay" in path_ids(young)
    older = walk(bundle, fit_answers(grades=NO_ENGLISH_NO_MATHS, born="2008-03-01", start="2026-08-17"))
    assert older.state.values["fit_result"]["age_ok"] is True
    assert "fit_res_stay" not in path_ids(older)


def test_dont_know_about_folkbokforing_gets_a_pointer_to_the_syv(bundle):
    s = walk(bundle, fit_answers(grades=ALL_PASSED, born="2010-05-14", start="2026-08-17", registered="dont_know"))
    assert "fit_res_asylum_unsure" in path_ids(s)


def test_skipping_the_birth_date_skips_the_other_age_questions(bundle):
    s = walk(bundle, fit_answers(known="not_yet"))
    path = path_ids(s)
    assert "fit_start_date" not in path and "fit_registered" not in path
    assert s.state.values["fit_result"]["age_ok"] is None
    assert "fit_res_no_grades" in path and s.state.outcome.id == "fit_done"


def test_skipping_the_folkbokforing_question_still_reaches_the_results(bundle):
    answers = fit_answers(grades=ALL_PASSED, born="2010-05-14", start="2026-08-17")
    answers["fit_registered"] = None
    s = walk(bundle, answers)
    assert "fit_results" in path_ids(s) and s.state.outcome.id == "fit_done"


def test_fit_jumps_forward_to_intake_and_on_to_after_im(bundle):
    answers = fit_answers(grades=ALL_PASSED, finish="intake")
    answers.update({q: None for q in INTAKE_QUESTIONS})
    answers.update({"intake_next": "after_im", "after_im_topic": "csn", "after_im_more": "no"})
    s = walk(bundle, answers)
    path = path_ids(s)
    assert "fit_to_intake" in path and "intake_intro" in path and "intake_to_after_im" in path
    assert "after_im_csn" in path and s.state.outcome.id == "after_im_done"


def test_intake_questions_can_all_be_skipped_and_export_is_topic_tagged(bundle):
    questions = INTAKE_QUESTIONS
    for node_id in questions:
        assert bundle.nodes[node_id].skippable, node_id
        assert bundle.nodes[node_id].export, node_id
    s = walk(bundle, {**{q: None for q in questions}, "intake_next": "done"}, flow="intake")
    assert s.state.outcome.id == "intake_done"
    filled = walk(bundle, {"intake_interests": ["djur", "data_it"], "intake_school_years": 9, "intake_goals": "Elektriker", **{q: None for q in questions[2:7]}, "intake_school_country": "Syrien", "intake_meeting_wishes": None, "intake_questions": None, "intake_next": "done"}, flow="intake")
    topics = {step.node.id: step.node.export for step in filled.exported()}
    assert topics["intake_interests"] == "interests" and topics["intake_school_years"] == "schooling"


def test_after_im_topics_loop_back_and_end(bundle):
    s = Session(bundle, "after_im", "sv", as_of=AS_OF)
    for topic in ("national", "komvux", "kombination", "folkhogskola", "work", "kaa", "csn"):
        s.answer("after_im_topic", topic)
        s.answer("after_im_more", "yes")
        assert s.state.current.id == "after_im_topic"
    s.answer("after_im_topic", "done")
    assert s.state.outcome.id == "after_im_done"


def test_no_question_asks_for_a_personnummer_or_a_name(bundle):
    for flow in ("fit", "intake", "after_im"):
        for node in bundle.flows[flow].nodes.values():
            if node.is_question:
                lowered = node.text.lower()
                assert "vad heter du" not in lowered and "ditt namn" not in lowered
                assert node.kind != "text" or "personnummer" not in lowered
