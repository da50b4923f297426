"""Counsellor mode (StaffScreen): one session shown in the family's language and in Swedish side by
side, answered once for both; the counsellor's notes per topic (refused with a personnummer) in
the export; the jump list; Ctrl+E exports and shows the pickup code; "next family" wipes."""

from __future__ import annotations

import gc
import json
import re
import secrets
from contextlib import asynccontextmanager

import pytest
from textual.widget import Widget

from conftest import t as translator
from imguide.core.engine.resolve import format_answer, resolve, term_explanation
from imguide.ui.app import GuideApp
from imguide.ui.screens.dialogs import ConfirmScreen
from imguide.ui.screens.language import LanguageScreen
from imguide.ui.screens.staff import JumpScreen, StaffScreen
from imguide.ui.widgets.staff import NoteArea, NotesPanel
from imguide.ui.widgets.text import Text
from imguide.ui.widgets.transcript import Transcript

from test_ui_forget import answer_until_free_text, containers_holding
from test_ui_support import bundle, click, mash, settle, typed, wait_for

WIDE = (120, 40)
PERSONNUMMER = "20100514-1234"


@asynccontextmanager
async def staff(lang: str = "ar", size: tuple[int, int] = WIDE, flow: str | None = None):
    """`imguide --staff --lang LANG`: the counsellor's screen in the chat's place."""
    app = GuideApp(lang=lang, flow=flow, staff=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen) and app.screen.panel is not None, "the staff screen")
        await settle(pilot)
        yield app, pilot


def family(app) -> Transcript:
    return app.screen.query_one("#transcript", Transcript)


def swedish(app) -> Transcript:
    return app.screen.query_one("#transcript-sv", Transcript)


def said(transcript: Transcript, role: str) -> list[str]:
    return [bubble.message for bubble in transcript.bubbles(role)]


def text_of(node_id: str, lang: str, state=None) -> str:
    b = bundle()
    return resolve(b, b.nodes[node_id], translator(lang), state.values if state else {}).text


def status(app) -> str:
    return app.screen.query_one("#staff-status", Text).plain


async def write_note(pilot, app, text: str) -> None:
    await pilot.press("f8")
    await wait_for(pilot, lambda: isinstance(app.focused, NoteArea), "the note to take the keys")
    await mash(pilot, typed(text))


def everything_shown(app) -> str:
    """Every text any widget on any screen holds now."""
    parts = []
    for screen in app.screen_stack:
        for widget in [screen, *screen.walk_children(Widget)]:
            for name in ("plain", "text", "value", "label"):
                value = getattr(widget, name, None)
                if isinstance(value, str) or hasattr(value, "plain"):
                    parts.append(str(getattr(value, "plain", value)))
    return "\n".join(parts)


async def test_both_transcripts_show_the_same_question_the_family_language_left_swedish_right():
    async with staff("ar") as (app, pilot):
        left, right = family(app), swedish(app)
        assert said(left, "assistant")[-1] == text_of("start_who", "ar")
        assert said(right, "assistant")[-1] == text_of("start_who", "sv")
        assert left.region.x < right.region.x and right.region.width > 40
        assert all(bubble.t.code == "ar" for bubble in left.bubbles()) and all(b.t.code == "sv" for b in right.bubbles())
        options = app.screen.query_one("#options-sv", Text).plain
        assert "1 Jag är elev" in options  # what the panel offers, in Swedish for the counsellor


async def test_answering_once_updates_both_transcripts():
    async with staff("ar") as (app, pilot):
        await pilot.press("1")
        await wait_for(pilot, lambda: said(swedish(app), "user") == ["Jag är elev"], "the answer on the right")
        node = bundle().nodes["start_who"]
        assert said(family(app), "user") == [format_answer(bundle(), node, "student", translator("ar"))]
        assert said(family(app), "assistant")[-1] == text_of("start_topic", "ar")
        assert said(swedish(app), "assistant")[-1] == text_of("start_topic", "sv")
        assert [answer.node for answer in app.session.answers] == ["start_who"]


async def test_a_note_for_a_topic_is_in_the_exports_section_for_that_topic(tmp_path, monkeypatch):
    outbox = tmp_path / "outbox"
    monkeypatch.setenv("IMGUIDE_OUTBOX", str(outbox))
    async with staff("ar") as (app, pilot):
        await pilot.press("1")
        await settle(pilot)
        assert app.screen.query_one(NotesPanel).topic == "about"  # the topic being talked about
        await write_note(pilot, app, "Mamma tolkar <b>")
        assert app.session.notes == {"about": "Mamma tolkar <b>"}
        await pilot.press("escape")  # out of the note, back to the answer: nothing reopened
        await settle(pilot)
        assert app.session.state.reopened is None and not isinstance(app.focused, NoteArea)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: "Hämtkod" in status(app), "the pickup code")
    folder = next(outbox.iterdir())
    data = json.loads((folder / "intake.json").read_text(encoding="utf-8"))
    about = next(topic for topic in data["topics"] if topic["topic"] == "about")
    assert about["counsellor_notes"] == {"sv": "Mamma tolkar <b>"}
    md = (folder / "intake.md").read_text(encoding="utf-8")
    assert md.index("### Vem som använde guiden") < md.index("*SYV:s anteckningar:* Mamma tolkar \\<b\\>")
    html = (folder / "intake.html").read_text(encoding="utf-8")
    section = html[html.index('id="topic-1"') :].split("</section>")[0]
    assert "Vem som använde guiden" in section and "Mamma tolkar &lt;b&gt;" in section and "<b>" not in section


async def test_ctrl_e_exports_into_the_outbox_and_shows_the_pickup_code(tmp_path, monkeypatch):
    outbox = tmp_path / "outbox"
    monkeypatch.setenv("IMGUIDE_OUTBOX", str(outbox))
    async with staff("sv") as (app, pilot):
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: "Hämtkod" in status(app), "the pickup code")
        code = re.search(r"Hämtkod: ([A-Z0-9]{4}-[A-Z0-9]{4})", status(app)).group(1)
        assert app.export is not None and app.export.pickup_code == code
    assert sorted(path.name for path in (outbox / code).iterdir()) == ["intake.html", "intake.json", "intake.md"]


async def test_a_note_with_a_personnummer_is_refused_with_a_message_and_nothing_is_exported(tmp_path, monkeypatch):
    outbox = tmp_path / "outbox"
    monkeypatch.setenv("IMGUIDE_OUTBOX", str(outbox))
    async with staff("ar") as (app, pilot):
        await write_note(pilot, app, f"Pnr {PERSONNUMMER}")
        message = app.screen.query_one("#note-status", Text)
        assert "personnummer" in message.plain and message.has_class("-error")
        assert app.session.notes == {}  # no part of it is kept
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: "Exporten väntar" in status(app), "the export to wait")
        assert not outbox.exists() or not any(outbox.iterdir())
        await mash(pilot, ["backspace"] * 4)  # put right: it is kept again
        assert app.session.notes == {app.screen.query_one(NotesPanel).topic: "Pnr 20100514-"}
        assert not message.has_class("-error")


async def test_the_jump_list_moves_the_session_to_the_chosen_question_and_keeps_the_answers():
    async with staff("ar") as (app, pilot):
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, JumpScreen), "the jump list")
        target = text_of("fit_grades_known", "sv")
        assert target.startswith("Vet du vilka betyg")
        await mash(pilot, typed("vilka betyg du"))  # words of its Swedish text narrow the list
        await wait_for(pilot, lambda: app.screen.table.row_count == 2, "the list to narrow")  # its flow, and it
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen), "the jump list to close")
        await settle(pilot)
        assert app.session.state.current.id == "fit_grades_known"
        assert [answer.node for answer in app.session.answers] == ["start_who"]
        assert said(swedish(app), "assistant")[-1] == target
        assert said(family(app), "assistant")[-1] == text_of("fit_grades_known", "ar")
        assert said(swedish(app), "user") == ["Jag är elev"]


async def test_next_family_asks_then_wipes_everything():
    async with staff("ar") as (app, pilot):
        await pilot.press("2")
        await settle(pilot)
        await write_note(pilot, app, "Hemlig anteckning")
        old = app.session
        answer = said(family(app), "user")[0]
        assert "Hemlig anteckning" in everything_shown(app) and answer in everything_shown(app)  # the search finds them
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert "inte exporterat" in app.screen.question
        await pilot.press("n")  # no: nothing happens
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen), "the staff screen again")
        assert app.session is old and old.notes
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, LanguageScreen) and app.chat is None, "the language picker")
        await settle(pilot)
        assert old.answers == [] and old.notes == {}
        assert app.session is not old and app.session.answers == [] and app.session.notes == {}
        shown = everything_shown(app)
        assert "Hemlig anteckning" not in shown and answer not in shown


async def test_the_chats_own_keys_and_the_counsellors_buttons_work_here():
    async with staff("en") as (app, pilot):
        await pilot.press("ctrl+g")  # a glossary word of the message, explained in its bubble (once)
        await settle(pilot)
        term = app.focused.term
        await pilot.press("enter")
        await settle(pilot)
        owner = next(bubble for bubble in family(app).bubbles("assistant") if term in bubble.terms)
        assert term_explanation(bundle(), term, translator("en")) in owner.plain
        await click(pilot, app.screen.query_one("#staff-jump"))
        await wait_for(pilot, lambda: isinstance(app.screen, JumpScreen), "the jump list")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen), "the jump list to close")
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("escape")  # back: the answer is open to change, on both sides
        await settle(pilot)
        assert app.session.state.reopened == ("start_who", 0)


@pytest.mark.slow
async def test_after_next_family_no_note_or_answer_is_left_in_memory():
    marker = "Q" + secrets.token_hex(8)  # made here, so the test itself holds it in no container
    async with staff("ar", flow="intake") as (app, pilot):
        await answer_until_free_text(pilot, app)
        await mash(pilot, [*typed(marker), "enter"])
        await write_note(pilot, app, "N" + marker)
        await settle(pilot)
        assert any(marker in str(answer.value) for answer in app.session.answers) and app.session.notes
        assert containers_holding(marker) > 0  # the search finds what is there
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, LanguageScreen) and app.chat is None, "the language picker")
        await settle(pilot)
        gc.collect()
        assert containers_holding(marker) == 0


async def test_below_ninety_columns_one_transcript_with_the_swedish_under_each_message():
    async with staff("ar", size=(80, 30)) as (app, pilot):
        assert not app.screen.query_one("#swedish-column").display
        last = family(app).bubbles("assistant")[-1]
        assert last.body.under == text_of("start_who", "sv")
        await pilot.press("f8")  # the notes take the answer's place
        await wait_for(pilot, lambda: isinstance(app.focused, NoteArea), "the note")
        assert not app.screen.query_one("#answer-area").display
        await pilot.press("f8")
        await settle(pilot)
        assert app.screen.query_one("#answer-area").display and not isinstance(app.focused, NoteArea)
        await pilot.resize_terminal(*WIDE)  # wider again: the Swedish stands beside
        await wait_for(pilot, lambda: app.screen.query_one("#swedish-column").display, "two columns")
        await settle(pilot)
        assert family(app).bubbles("assistant")[-1].body.under is None
        assert said(swedish(app), "assistant")[-1] == text_of("start_who", "sv")


async def test_a_family_that_reads_swedish_gets_one_transcript():
    async with staff("sv") as (app, pilot):
        assert not app.screen.query_one("#swedish-column").display
        assert not app.screen.query_one("#options-sv").display
        assert said(family(app), "assistant")[-1] == text_of("start_who", "sv")


async def test_the_summary_shows_the_note_under_its_topic_and_it_can_be_removed_there():
    from imguide.ui.screens.summary import EntryButton, SummaryScreen

    async with staff("ar") as (app, pilot):
        await pilot.press("2")
        await settle(pilot)
        await write_note(pilot, app, "Vill prata om praktik")
        topic = app.screen.query_one(NotesPanel).topic
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        await settle(pilot)
        shown = " ".join(text.plain for text in app.screen.query(Text))
        assert "Vill prata om praktik" in shown
        remove = next(button for button in app.screen.query(EntryButton) if button.action_name == "remove_note")
        assert remove.item == topic
        await click(pilot, remove)
        await wait_for(pilot, lambda: not app.session.notes, "the note to go")
        shown = " ".join(text.plain for text in app.screen.query(Text))
        assert "Vill prata om praktik" not in shown


async def test_the_help_lists_the_counsellors_keys_in_swedish():
    from imguide.ui.screens.dialogs import HelpScreen

    async with staff("so") as (app, pilot):
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        await settle(pilot)
        rows = " ".join(text.plain for text in app.screen.query(Text))
        assert "F4" in rows and "Hoppa till" in rows and "Nästa familj" in rows


async def test_after_next_family_the_next_language_chosen_opens_the_counsellors_screen_again():
    async with staff("uk") as (app, pilot):
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, LanguageScreen), "the language picker")
        await settle(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, StaffScreen) and app.screen.panel is not None, "the staff screen")


async def test_a_pasted_note_shows_no_control_characters_and_stops_at_the_limit():
    """Found by the monkey: a paste put an escape's bytes into the note field as they were."""
    from textual import events

    from hostile import screen_lines, unsafe_on_screen
    from imguide.core.engine.session import NOTE_LIMIT

    async with staff("sv") as (app, pilot):
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.focused, NoteArea), "the note field")
        app.post_message(events.Paste("före\x1b[31m\x1f\u200f efter"))
        await settle(pilot)
        assert app.focused.text == "före efter"
        assert not [line for line in screen_lines(app) if unsafe_on_screen(line)]
        app.post_message(events.Paste("x" * (NOTE_LIMIT * 3)))
        await settle(pilot)
        assert len(app.focused.text) == NOTE_LIMIT
