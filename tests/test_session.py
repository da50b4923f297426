"""The session: a log of answers keyed by node id, state = replay. Back, change, restart, save and
resume, and what happens to answers when the flow has changed."""

from __future__ import annotations

import json
import textwrap

import pytest

from imguide.core.content.answers import AnswerError
from imguide.core.content.loader import load_bundle
from imguide.core.engine.session import Session, SessionFormatError

FLOW = """
format: 1
id: demo
title: Demo
start: hello
nodes:
  - {id: hello, kind: message, text: Hej., next: pet}
  - id: pet
    kind: choice
    text: Katt eller hund?
    options:
      - {key: cat, label: Katt}
      - {key: dog, label: Hund}
    next:
      - if: pet == 'cat'
        goto: cat_name
      - goto: dog_years
  - {id: cat_name, kind: text, text: Vad heter katten?, max_length: 20, samples: [Misse], next: colour}
  - {id: dog_years, kind: number, text: Hur gammal är hunden?, min: 0, max: 30, integer: true, samples: [3], next: colour}
  - id: colour
    kind: choice
    text: Vilken färg?
    skippable: true
    export: interests
    options:
      - {key: black, label: Svart}
      - {key: white, label: Vit}
    next: topics
  - id: topics
    kind: choice
    text: Vill du läsa mer?
    options:
      - {key: more, label: Mer}
      - {key: done, label: Klart}
    next:
      - if: topics == 'more'
        goto: more_text
      - goto: end
  - {id: more_text, kind: message, text: Mer text., next: again}
  - id: again
    kind: choice
    text: Igen?
    options:
      - {key: "yes", label: Ja}
      - {key: "no", label: Nej}
    next:
      - if: again == 'yes'
        goto: topics
      - goto: end
  - {id: end, kind: outcome, text: Slut.}
"""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    folder = tmp_path_factory.mktemp("flows")
    (folder / "demo.yaml").write_text(textwrap.dedent(FLOW), encoding="utf-8")
    return load_bundle([folder])


def ids(state):
    return [step.node.id for step in state.path]


def test_replay_stops_at_the_first_unanswered_question(bundle):
    session = Session(bundle, "demo")
    assert ids(session.state) == ["hello"]
    assert session.state.current.id == "pet"


def test_answers_are_checked_against_the_node(bundle):
    session = Session(bundle, "demo")
    with pytest.raises(AnswerError):
        session.answer("pet", "horse")
    session.answer("pet", "dog")
    with pytest.raises(AnswerError, match="högst"):
        session.answer("dog_years", "31")
    with pytest.raises(AnswerError):
        session.answer("dog_years", "2.5")
    session.answer("dog_years", "7")
    assert session.state.current.id == "colour"


def test_change_an_earlier_answer_keeps_later_answers_still_on_the_path(bundle):
    session = Session(bundle, "demo")
    session.answer("pet", "cat")
    session.answer("cat_name", "Misse")
    session.answer("colour", "black")
    assert session.state.current.id == "topics"
    session.reopen("pet")
    assert session.state.current.id == "pet" and session.state.prefill == "cat"
    session.answer("pet", "dog")
    # the dog branch asks its own question; 'colour' is still on the path and keeps its answer
    assert session.state.current.id == "dog_years"
    session.answer("dog_years", 4)
    assert session.state.current.id == "topics"
    assert session.state.values["colour"] == "black"
    # turning back to the cat finds the cat's name again
    session.answer("pet", "cat")
    assert session.state.values["cat_name"] == "Misse"
    assert session.state.current.id == "topics"


def test_back_reopens_the_last_answer(bundle):
    session = Session(bundle, "demo")
    session.answer("pet", "cat")
    session.answer("cat_name", "Misse")
    session.back()
    assert session.state.current.id == "cat_name" and session.state.prefill == "Misse"
    session.cancel_reopen()
    assert session.state.current.id == "colour"


def test_skip_only_where_allowed(bundle):
    session = Session(bundle, "demo")
    with pytest.raises(AnswerError):
        session.skip("pet")
    session.answer("pet", "cat")
    session.answer("cat_name", "Misse")
    session.skip("colour")
    assert session.state.current.id == "topics"
    assert session.state.values["colour"] is None


def test_forget_leaves_nothing_of_the_answers(bundle):
    session = Session(bundle, "demo")
    session.answer("pet", "cat")
    session.omit("eligibility")
    session.forget()
    assert session.answers == [] and session.state.current.id == "pet"
    assert session.omitted == set() and session.transitions._results == {}


def test_a_loop_asks_its_questions_again(bundle):
    session = Session(bundle, "demo")
    for node, value in [("pet", "cat"), ("cat_name", "Misse"), ("colour", "white"), ("topics", "more"), ("again", "yes")]:
        session.answer(node, value)
    # the loop came back to 'topics': a second visit, asked afresh
    state = session.state
    assert state.current.id == "topics" and state.visit == 1 and state.prefill is None
    session.answer("topics", "more")
    assert session.state.current.id == "again" and session.state.visit == 1, "the loop body is asked afresh"
    session.answer("again", "no")
    assert session.state.outcome.id == "end"
    # both rounds stay on the path, each with its own answer
    rounds = [(s.node.id, s.visit, s.answer.value) for s in session.state.path if s.node.id in ("topics", "again")]
    assert rounds == [("topics", 0, "more"), ("again", 0, "yes"), ("topics", 1, "more"), ("again", 1, "no")]
    assert [s.node.id for s in session.state.path].count("more_text") == 2


def test_an_earlier_round_of_a_loop_can_be_changed(bundle):
    session = Session(bundle, "demo")
    for node, value in [("pet", "cat"), ("cat_name", "Misse"), ("colour", "white"), ("topics", "more"), ("again", "yes"), ("topics", "more")]:
        session.answer(node, value)
    assert session.state.current.id == "again" and session.state.visit == 1
    session.reopen("again", 0)  # the first round's "yes"
    assert session.state.current.id == "again" and session.state.visit == 0 and session.state.prefill == "yes"
    session.answer("again", "no")
    assert session.state.outcome.id == "end" and session.state.values["again"] == "no"
    session.back()
    assert (session.state.current.id, session.state.visit) == ("again", 0)
    session.answer("again", "yes")  # the second round comes back as it was
    assert session.state.current.id == "again" and session.state.visit == 1
    with pytest.raises(KeyError):
        session.reopen("again", 5)


def test_loop_rounds_are_saved_and_resumed(bundle):
    session = Session(bundle, "demo")
    for node, value in [("pet", "dog"), ("dog_years", "3"), ("colour", "white"), ("topics", "more"), ("again", "yes"), ("topics", "done")]:
        session.answer(node, value)
    data = json.loads(json.dumps(session.to_json()))
    assert data["answers"][3] == {"node": "topics", "kind": "choice", "value": "more"}  # no visit: as before
    assert data["answers"][5] == {"node": "topics", "kind": "choice", "value": "done", "visit": 1}
    resumed, problems = Session.from_json(bundle, data)
    assert problems == [] and resumed.state.outcome.id == "end"
    assert [(s.node.id, s.visit) for s in resumed.state.path] == [(s.node.id, s.visit) for s in session.state.path]
    data["answers"][5]["visit"] = -1
    _, problems = Session.from_json(bundle, data)
    assert [p.node for p in problems] == ["topics"] and "visit" in problems[0].message


def test_a_scripted_walk_may_answer_a_loop_question_once_per_round(bundle):
    session = Session(bundle, "demo")
    script = [{"node": n, "value": v} for n, v in [("pet", "dog"), ("dog_years", 3), ("colour", None), ("topics", "more"), ("again", "yes"), ("topics", "more"), ("again", "no"), ("again", "yes")]]
    problems = list(session.replay_script(script))
    assert session.state.outcome.id == "end"
    assert [(p.node, "did not come back" in p.message) for p in problems] == [("again", True)]


def test_reaching_the_outcome_and_exported_values(bundle):
    session = Session(bundle, "demo")
    for node, value in [("pet", "dog"), ("dog_years", "3"), ("colour", "white"), ("topics", "done")]:
        session.answer(node, value)
    assert session.state.finished and session.state.outcome.id == "end"
    assert [(s.node.id, s.node.export, s.answer.value) for s in session.exported()] == [("colour", "interests", "white")]


def test_save_and_resume(bundle, tmp_path):
    session = Session(bundle, "demo", lang="en")
    for node, value in [("pet", "cat"), ("cat_name", "Misse\x1b[31m"), ("colour", "white")]:
        session.answer(node, value)
    data = json.loads(json.dumps(session.to_json()))
    assert data["version"] == 1 and data["lang"] == "en" and data["flow"] == "demo"
    assert data["answers"][1] == {"node": "cat_name", "kind": "text", "value": "Misse"}
    resumed, problems = Session.from_json(bundle, data)
    assert problems == []
    assert ids(resumed.state) == ids(session.state) and resumed.state.current.id == "topics"


def test_resume_reports_answers_that_no_longer_fit_and_keeps_the_rest(bundle):
    data = {
        "version": 1,
        "lang": "sv",
        "flow": "demo",
        "answers": [
            {"node": "pet", "kind": "choice", "value": "cat"},
            {"node": "cat_name", "kind": "text", "value": "x" * 50},  # the limit is now 20
            {"node": "removed_question", "kind": "text", "value": "hej"},
            {"node": "colour", "kind": "multi", "value": ["black"]},  # the kind changed
            {"node": "topics", "kind": "choice", "value": "done"},
        ],
    }
    session, problems = Session.from_json(bundle, data)
    assert [p.node for p in problems] == ["cat_name", "removed_question", "colour"]
    assert session.state.values["pet"] == "cat"
    assert session.state.current.id == "cat_name"
    assert [a.node for a in session.answers] == ["pet", "topics"]


@pytest.mark.parametrize(
    "data, words",
    [
        ([1, 2], "not a session"),
        ({"version": 9, "flow": "demo", "answers": []}, "version"),
        ({"version": 1, "flow": "gone", "answers": []}, "flow"),
        ({"version": 1, "flow": "demo"}, "answers"),
    ],
)
def test_resume_refuses_what_is_not_a_session(bundle, data, words):
    with pytest.raises(SessionFormatError, match=words):
        Session.from_json(bundle, data)


def test_shipped_flow_jumps_keep_answers():
    bundle = load_bundle()
    session = Session(bundle, "start")
    session.answer("start_who", "student")
    session.answer("start_topic", "fit")
    assert session.state.current.flow == "fit"
    first_fit_question = session.state.current.id
    session.reopen("start_topic")
    session.answer("start_topic", "intake")
    assert session.state.current.flow == "intake"
    session.answer("start_topic", "fit")
    assert session.state.current.id == first_fit_question


def _replayed(session: Session):
    """The state as a replay of the whole log finds it (what `state` gave before it went on
    from the last question)."""
    session._invalidate()
    return session.state


@pytest.mark.parametrize("seed", range(6))
def test_going_on_from_the_last_question_gives_the_state_a_whole_replay_gives(seed):
    """Answering the question being asked goes on from where the last replay stopped; after every
    kind of step (answers, changed answers, back, a counsellor's jump, the menu after an outcome)
    the state must be the one a replay of the whole log gives."""
    import random

    from imguide.core.content import compiled
    from imguide.core.engine.walks import candidate_answers

    bundle = compiled.shipped_bundle()
    rng = random.Random(seed)
    flows = sorted(bundle.flows)
    session = Session(bundle, flow=rng.choice(flows))
    replays = []
    replay = session._replay
    session._replay = lambda: replays.append(1) or replay()
    went_on = 0
    for _ in range(120):
        state = session.state
        move = rng.random()
        if state.current is None:
            if bundle.menu is None or move < 0.2:
                break
            after = session.continue_at(bundle.menu.id)
        elif move < 0.08 and state.answered_steps():
            after = session.back()
        elif move < 0.12 and state.answered_steps():
            step = rng.choice(state.answered_steps())
            after = session.reopen(step.node.id, step.visit)
        elif move < 0.15:
            after = session.jump(rng.choice(sorted(bundle.nodes)))
        else:
            options = candidate_answers(state.current) or [None]
            replayed_before = len(replays)
            try:
                after = session.answer(state.current.id, rng.choice(options), state.visit)
            except AnswerError:
                continue
            went_on += len(replays) == replayed_before
        assert after == _replayed(session)
    assert went_on > 0  # the quick way was taken, and checked
