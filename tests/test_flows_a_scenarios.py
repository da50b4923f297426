"""Scenario walks through the flows start, im_programmes, newly_arrived and study_plan.

Each test follows one realistic path with the Session API (docs/engine.md) and checks where it
ends. A last group checks the writing rules for these four flows: chat-sized text, LIX, sources.
"""
from __future__ import annotations

import pytest

from imguide.core.content import markup as text
from imguide.core.content.loader import load_bundle
from imguide.core.engine.session import Session

FLOWS = ("start", "im_programmes", "newly_arrived", "study_plan")


@pytest.fixture(scope="module")
def bundle():
    return load_bundle()


def ids(state) -> list[str]:
    return [step.node.id for step in state.path]


def test_start_guardian_goes_to_newly_arrived(bundle):
    s = Session(bundle, flow="start", lang="sv")
    assert ids(s.state)[:2] == ["start_hello", "start_privacy"]
    assert s.state.current.id == "start_who"
    s.answer("start_who", "guardian")
    assert s.state.current.id == "start_topic"
    assert "start_for_guardian" in ids(s.state)
    s.answer("start_topic", "newly_arrived")
    st = s.state
    assert "start_go_newly_arrived" in ids(st)
    assert st.current.id == "newly_arrived_are_you"
    exported = {step.node.export: step.answer.value for step in s.exported()}
    assert exported == {"about": "guardian"}


def test_start_offers_every_flow(bundle):
    keys = {option.key for option in bundle.nodes["start_topic"].options}
    assert keys == {"im_programmes", "fit", "newly_arrived", "study_plan", "intake", "after_im"}


def test_im_programmes_two_topics_then_fit(bundle):
    s = Session(bundle, flow="im_programmes", lang="sv")
    assert s.state.current.id == "im_programmes_topic"
    s.answer("im_programmes_topic", ["rules", "imy"])
    path = ids(s.state)
    # chains come in the order of the options, whatever order they were picked in
    assert path.index("im_programmes_imy_praktik") < path.index("im_programmes_rules_hours")
    assert "im_programmes_imv_what" not in path
    assert "im_programmes_rules_complete" in path
    assert s.state.current.id == "im_programmes_next"
    s.answer("im_programmes_next", "fit")
    st = s.state
    assert "im_programmes_go_fit" in ids(st)
    assert st.current is not None and st.current.flow == "fit"


def test_newly_arrived_newcomer_reads_and_finishes(bundle):
    s = Session(bundle, flow="newly_arrived", lang="sv")
    s.answer("newly_arrived_are_you", "yes")
    assert "newly_arrived_welcome" in ids(s.state)
    assert s.state.current.id == "newly_arrived_topic"
    s.answer("newly_arrived_topic", ["kartlaggning", "tolk"])
    path = ids(s.state)
    assert {"newly_arrived_kart_steps", "newly_arrived_tolk_ask"} <= set(path)
    assert "newly_arrived_age_rule" not in path
    s.answer("newly_arrived_next", "done")
    st = s.state
    assert st.current is None and st.outcome.id == "newly_arrived_done"
    exported = {step.node.export: step.answer.value for step in s.exported()}
    assert exported == {"newcomer": "yes"}


def test_newly_arrived_question_can_be_skipped(bundle):
    s = Session(bundle, flow="newly_arrived", lang="sv")
    s.skip("newly_arrived_are_you")
    path = ids(s.state)
    assert "newly_arrived_welcome" not in path and "newly_arrived_for_others" not in path
    assert "newly_arrived_who" in path
    assert s.state.current.id == "newly_arrived_topic"


def test_study_plan_rights_and_support_then_after_im(bundle):
    s = Session(bundle, flow="study_plan", lang="sv")
    s.answer("study_plan_topic", ["support", "rights"])
    path = ids(s.state)
    assert path.index("study_plan_rights_studiehandledning") < path.index("study_plan_support_extra")
    assert "study_plan_support_appeal" in path
    s.answer("study_plan_next", "after_im")
    st = s.state
    assert "study_plan_go_after_im" in ids(st)
    assert st.current is None or st.current.flow == "after_im"


def _nodes(bundle):
    return [node for node in bundle.nodes.values() if node.flow in FLOWS]


def test_texts_are_chat_sized_and_readable(bundle):
    terms = {t.id: t.term for t in bundle.glossary.values()}
    for node in _nodes(bundle):
        if not node.text:
            continue
        assert len(node.text) <= 300, node.id
        assert text.lix(text.plain(node.text, terms)) <= 45, node.id


def test_sources_exist_and_belong_to_these_flows(bundle):
    for node in _nodes(bundle):
        for fact_id in node.sources:
            assert fact_id in bundle.facts, (node.id, fact_id)
            assert fact_id.startswith(node.flow + "_"), (node.id, fact_id)
