"""The counsellor's side of a session (staff mode): notes per topic, in Swedish, kept in the
session, saved and resumed, forgotten with it, and in every export under their topic, as text;
and the jump to any flow or question, which keeps every answer given."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from imguide.core.content.answers import AnswerError, PrivateDataError, clean_text
from imguide.core.engine.restore import restore
from imguide.core.engine.session import NOTE_LIMIT, Session
from imguide.core.export.document import build_document
from imguide.core.export.writer import render_all, schema

from test_export_html import PAYLOADS, assert_no_external_references, parse

PERSONNUMMER = "20100514-1234"


def started(bundle) -> Session:
    session = Session(bundle, "start", "en")
    session.answer("start_who", "student")
    return session


# ---------------------------------------------------------------- notes in the session


def test_a_note_is_kept_per_topic_cleaned_and_empty_removes_it(bundle):
    session = started(bundle)
    assert session.note("grades", "  Betyg från Syrien\x1b[31m, åk 8\x07\r\nbehöver värderas  ") == "Betyg från Syrien, åk 8\nbehöver värderas"
    session.note("support", "Studiehandledning på arabiska")
    assert session.notes == {"grades": "Betyg från Syrien, åk 8\nbehöver värderas", "support": "Studiehandledning på arabiska"}
    session.note("support", "   ")
    assert session.notes == {"grades": "Betyg från Syrien, åk 8\nbehöver värderas"}
    with pytest.raises(KeyError):
        session.note("no_such_topic", "x")


def test_a_note_with_a_personnummer_or_too_long_is_refused_and_the_note_stays_as_it_was(bundle):
    session = started(bundle)
    session.note("grades", "Första versionen")
    with pytest.raises(PrivateDataError):
        session.note("grades", f"Elevens nummer {PERSONNUMMER}")
    with pytest.raises(AnswerError, match="för lång"):
        session.note("grades", "x" * (NOTE_LIMIT + 1))
    session.note("grades", "x" * NOTE_LIMIT)  # the limit itself fits
    assert len(session.notes["grades"]) == NOTE_LIMIT
    with pytest.raises(AnswerError):
        session.note("grades", "x" * (NOTE_LIMIT * 100))  # a huge paste is refused at once
    assert all(PERSONNUMMER not in text for text in session.notes.values())


def test_notes_are_saved_and_resumed_and_files_without_notes_load_as_before(bundle):
    session = started(bundle)
    assert "notes" not in session.to_json()  # a session without notes looks as it always did
    session.note("support", "Hjälp med läxor")
    session.note("grades", "Värdering behövs")
    data = json.loads(json.dumps(session.to_json()))
    assert data["notes"] == {"grades": "Värdering behövs", "support": "Hjälp med läxor"}  # in topic order
    assert list(data["notes"]) == ["grades", "support"]
    resumed, problems = Session.from_json(bundle, data)
    assert problems == [] and resumed.notes == session.notes
    assert restore(bundle, data).session.notes == session.notes
    old = {key: value for key, value in data.items() if key != "notes"}
    assert Session.from_json(bundle, old)[0].notes == {}


def test_forget_drops_the_notes(bundle):
    session = started(bundle)
    session.note("grades", "Hemligt")
    session.forget()
    assert session.notes == {} and "notes" not in session.to_json()


def test_resuming_keeps_a_note_that_no_longer_fits_apart_and_never_a_personnummer(bundle):
    data = started(bundle).to_json()
    data["notes"] = {"gone_topic": "Om ett ämne som inte finns", "grades": f"pnr {PERSONNUMMER}", "support": "Fint"}
    restored = restore(bundle, data)
    assert restored.session.notes == {"support": "Fint"}
    left = {item.node: item for item in restored.left_out}
    assert left["notes:gone_topic"].value == "Om ett ämne som inte finns"
    assert left["notes:grades"].value is None  # reported, never shown again
    assert "start_who" not in left  # the answers fit: the notes' problems are not theirs
    assert [a.node for a in restored.session.answers] == ["start_who"]
    assert any("note 'notes:gone_topic'" in line for line in restored.warnings)


def test_a_round_that_does_not_fit_is_a_warning_not_every_answer_left_out(bundle):
    data = started(bundle).to_json()
    data["continued"] = ["no_such_node"]
    restored = restore(bundle, data)
    assert restored.left_out == []
    assert any("no_such_node" in line for line in restored.warnings)


# ---------------------------------------------------------------- notes in the export


def test_notes_are_in_every_export_under_their_topic_marked_as_the_counsellors(bundle):
    session = started(bundle)
    session.note("about", "Mamma var med. Eleven pratade själv.")
    session.note("support", "Har haft studiehandledning.")  # a topic with no answers: still there
    document = build_document(bundle, session)
    topics = {topic.topic: topic for topic in document.topics}
    assert topics["about"].notes == "Mamma var med. Eleven pratade själv." and topics["about"].answers
    assert topics["support"].notes and topics["support"].answers == ()
    assert [s.id for s in document.sections][:2] == ["topic:about", "topic:support"]  # topics.yaml order

    rendered = render_all(bundle, session)
    data = json.loads(rendered["json"])
    jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(data)
    by_topic = {topic["topic"]: topic for topic in data["topics"]}
    assert by_topic["about"]["counsellor_notes"] == {"sv": "Mamma var med. Eleven pratade själv."}
    assert by_topic["support"] == {**by_topic["support"], "answers": [], "counsellor_notes": {"sv": "Har haft studiehandledning."}}

    md = rendered["md"]
    about = md.index("### Vem som använde guiden")
    support = md.index("### Stöd som har hjälpt")
    assert about < md.index("*SYV:s anteckningar:* Mamma var med. Eleven pratade själv.") < support
    assert support < md.index("*SYV:s anteckningar:* Har haft studiehandledning.")

    html = rendered["html"]
    section = html[html.index('<section class="topic" id="topic-1">') : html.index('<section class="topic" id="topic-2">')]
    assert "Vem som använde guiden" in section and "SYV:s anteckningar" in section
    assert '<p class="note" lang="sv" dir="ltr">Mamma var med. Eleven pratade själv.</p>' in section


def test_a_note_stays_text_in_every_format(bundle):
    session = started(bundle)
    note = "<script>alert(1)</script>\n# Rubrik\n- [länk](http://x) *fet* `kod` {{ 7*7 }}"
    session.note("about", note)
    rendered = render_all(bundle, session)
    html, md = rendered["html"], rendered["md"]
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in html.split("<body>")[1].split("SYV:s anteckningar")[1][:400]
    assert "\\<script\\>" in md and "\\# Rubrik" in md and "\\- \\[länk\\](http://x) \\*fet\\* \\`kod\\`" in md
    assert "\n# Rubrik" not in md and "\n- [länk]" not in md
    assert json.loads(rendered["json"])["topics"][0]["counsellor_notes"]["sv"] == note


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"p{i}" for i in range(len(PAYLOADS))])
def test_hostile_notes_are_escaped_in_every_format_even_unchecked(bundle, payload):
    session = started(bundle)
    session.notes["about"] = payload  # as a file from elsewhere could hold it: the export holds up itself
    rendered = render_all(bundle, session, lang="ar")
    html = rendered["html"]
    root = parse(html)  # still parses strictly
    assert_no_external_references(html, root)
    assert "<script" not in html.lower() and "\x1b" not in html and "\u202e" not in html
    shown = clean_text(payload)
    notes = [e for e in root.iter() if "note" in (e.get("class") or "").split()]
    assert ["".join(e.itertext()) for e in notes] == [shown]
    assert not re.search(r"(?<!\\)<", rendered["md"]), "an unescaped < in the Markdown"
    assert json.loads(rendered["json"])["topics"][0]["counsellor_notes"] == {"sv": shown}


def test_an_export_without_notes_has_no_notes_key(bundle):
    data = json.loads(render_all(bundle, started(bundle), ("json",))["json"])
    assert all("counsellor_notes" not in topic for topic in data["topics"])


# ---------------------------------------------------------------- jumping anywhere


def at_fit_question(bundle) -> Session:
    session = started(bundle)
    session.answer("start_topic", "fit")
    assert session.state.current.flow == "fit"
    return session


def test_a_jump_from_a_question_goes_on_there_and_keeps_every_answer(bundle):
    session = at_fit_question(bundle)
    left = session.state.current
    session.jump("intake_interests")
    state = session.state
    assert state.current.id == "intake_interests"
    assert [a.node for a in session.answers] == ["start_who", "start_topic"]
    assert (left.id, None) in [(step.node.id, step.answer) for step in state.path]  # asked, left unanswered
    assert state.rounds == (len(state.path),)
    session.answer("intake_interests", ["data_it"])
    assert session.state.current is not None and "intake_interests" in {a.node for a in session.answers}


def test_a_jump_is_saved_and_resumed(bundle):
    session = at_fit_question(bundle)
    left = session.state.current.id
    session.jump("intake_interests")
    session.answer("intake_interests", ["data_it"])
    data = json.loads(json.dumps(session.to_json()))
    assert data["continued"] == [{"node": "intake_interests", "left": left, "visit": 0}]
    resumed, problems = Session.from_json(bundle, data)
    assert problems == []
    assert resumed.state.current.id == session.state.current.id
    assert [step.node.id for step in resumed.state.path] == [step.node.id for step in session.state.path]


def test_back_right_after_a_jump_returns_to_the_question_left(bundle):
    session = at_fit_question(bundle)
    left = session.state.current.id
    session.jump("intake_interests")
    session.back()
    assert session.state.current.id == left and session.state.rounds == ()
    assert "continued" not in session.to_json()


def test_a_jump_from_an_outcome_is_a_new_round_like_to_the_menu(bundle):
    session = started(bundle)
    session.answer("start_topic", "after_im")
    session.answer("after_im_topic", "national")
    session.answer("after_im_more", "no")
    assert session.state.outcome is not None
    path = len(session.state.path)
    session.jump("fit_grades_known")
    assert session.state.current.id == "fit_grades_known" and session.state.rounds == (path,)
    assert session.to_json()["continued"] == ["fit_grades_known"]  # as "to the menu" writes it
    assert all(step.answer is not None or not step.node.is_question for step in session.state.path)


def test_a_jump_while_changing_an_answer_cancels_the_change(bundle):
    session = at_fit_question(bundle)
    session.reopen("start_who")
    assert session.state.reopened is not None
    session.jump("intake_interests")
    assert session.state.reopened is None and session.state.current.id == "intake_interests"
    assert [a.value for a in session.answers if a.node == "start_who"] == ["student"]


def test_rounds_the_path_no_longer_reaches_do_not_come_first(bundle):
    session = at_fit_question(bundle)
    session.jump("intake_interests")
    session.reopen("start_topic")
    session.answer("start_topic", "newly_arrived")  # the fit question left is no longer on the way
    assert session.state.current.flow == "newly_arrived"
    session.jump("intake_goals")
    assert session.state.current.id == "intake_goals"
    assert [item["node"] for item in session.to_json()["continued"]] == ["intake_goals"]
