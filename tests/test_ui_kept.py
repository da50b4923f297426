"""Answers are never lost, and the guide keeps what it promises on screen (issue 10): the chat as a
reader uses it, key by key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from imguide.core.engine.walks import candidate_answers
from imguide.ui.app import GuideApp
from imguide.ui.screens.chat import ChatScreen
from imguide.ui.screens.dialogs import ConfirmScreen
from imguide.ui.screens.summary import SummaryScreen
from imguide.ui.widgets.choices import ChoiceButton, OptionToggle
from imguide.ui.widgets.grades import GradesTable
from test_ui_support import SIZE, answers, bubbles, click, current, mash, settle, typed, wait_for


def answer(app: GuideApp, *pairs) -> None:
    for node, value in pairs:
        app.session.answer(node, value)


async def to_free_text(pilot, app: GuideApp) -> None:
    """On through the intake flow by each question's first candidate, to a free-text question."""
    for _ in range(40):
        node = current(app)
        if node is None or node.kind == "text":
            return
        app.session.answer(node.id, next(a for a in candidate_answers(node) if a is not None))
        app.chat.show_state()
        await settle(pilot)


# ---------------------------------------------------------------- to the menu adds, never reopens


async def test_to_the_menu_after_fit_keeps_the_whole_conversation():
    app = GuideApp(lang="en", flow="fit")
    answer(
        app,
        ("fit_grades_known", "yes"), ("fit_grades", {"SV": "C", "EN": "C", "MA": "C"}), ("fit_newly_arrived", "no"),
        ("fit_birth_date", "2010-05-14"), ("fit_start_date", "2026-08-17"), ("fit_registered", "yes"),
        ("fit_next", "done"),
    )  # fmt: skip
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        given = answers(app)
        before = bubbles(app, "user")
        await pilot.press("1")  # To the menu
        await settle(pilot)
        assert current(app).id == "start_topic" and app.session.state.reopened is None
        assert answers(app) == given and bubbles(app, "user") == before  # nothing gone
        assert "— Menu —" in bubbles(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen) and "fit_grades" in app.screen.node_ids


async def test_to_the_menu_after_eleven_answers_and_another_topic_drops_nothing():
    app = GuideApp(lang="en")
    answer(app, ("start_who", "student"), ("start_topic", "newly_arrived"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        for _ in range(80):  # on through "new in Sweden", "what suits me", "get ready for the meeting"
            node = current(app)
            if node is None:
                break
            choices = [a for a in candidate_answers(node) if a is not None]
            wanted = {"newly_arrived_next": "fit", "fit_next": "intake", "intake_next": "done"}.get(node.id)
            value = wanted if wanted in [o.key for o in node.options] else choices[0]
            app.session.answer(node.id, value)
        app.chat.show_state()
        await settle(pilot)
        assert current(app) is None and len(app.session.answers) >= 11
        given = {(a.node, str(a.value)) for a in app.session.answers}
        await pilot.press("1")  # To the menu
        await settle(pilot)
        assert current(app).id == "start_topic" and app.session.state.reopened is None
        await pilot.press("6")  # another topic: what happens after IM
        await settle(pilot)
        assert given <= {(a.node, str(a.value)) for a in app.session.answers}
        on_path = {step.node.id for step in app.session.state.path}
        assert {"fit_grades", "intake_goals"} <= on_path  # still in the conversation, and in the summary
        assert current(app).flow == "after_im"


# ---------------------------------------------------------------- drafts, fast keys, arrows, keys past 9


async def test_a_draft_survives_escape_and_coming_back():
    app = GuideApp(lang="sv", flow="intake")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await to_free_text(pilot, app)
        question = current(app).id
        await mash(pilot, typed("bli snickare"))
        await pilot.press("escape")  # back to the question before
        await settle(pilot)
        assert current(app).id != question
        await pilot.press("escape")  # and return without changing it
        await settle(pilot)
        assert current(app).id == question and app.focused.value == "bli snickare"


async def test_grades_typed_quickly_land_on_their_rows():
    app = GuideApp(lang="sv", flow="fit")
    answer(app, ("fit_grades_known", "yes"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(GradesTable)
        await mash(pilot, ["e", "down", "e"])  # SV, then past SVA, then EN
        assert table.value == {"SV": "E", "EN": "E"}


async def test_arrow_keys_move_between_choices_and_long_lists_have_letters():
    app = GuideApp(lang="sv", flow="intake")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        while current(app).id != "intake_interests":
            node = current(app)
            app.session.answer(node.id, next(a for a in candidate_answers(node) if a is not None))
            app.chat.show_state()
            await settle(pilot)
        toggles = list(app.screen.query(OptionToggle))
        assert len(toggles) > 9 and str(toggles[9].label).startswith("[ ] a ")  # the tenth option's key
        assert app.focused is toggles[0]
        await pilot.press("down", "down")
        assert app.focused is toggles[2]
        await pilot.press("up")
        assert app.focused is toggles[1]
        await pilot.press("a", "enter")  # the tenth option, then confirm
        await settle(pilot)
        assert answers(app)["intake_interests"] == [toggles[9].value]


async def test_up_and_down_on_a_choice_question():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        buttons = list(app.screen.query(ChoiceButton))
        await pilot.press("down")
        assert app.focused is buttons[1]
        await pilot.press("enter")
        await settle(pilot)
        assert answers(app) == {"start_who": buttons[1].value}


# ---------------------------------------------------------------- quitting, themes


async def test_quitting_with_answers_not_exported_asks_first(tmp_path, monkeypatch):
    monkeypatch.setenv("IMGUIDE_OUTBOX", str(tmp_path / "outbox"))
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen) and app.is_running
        await pilot.press("ctrl+s", "ctrl+e")  # exported: nothing to lose now
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running


async def test_quitting_with_nothing_answered_just_quits():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running


async def test_f2_names_the_theme_it_switched_to():
    app = GuideApp(lang="en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert [n.message for n in app._notifications] == ["Theme: dark"]


# ---------------------------------------------------------------- digits of other scripts


async def test_arabic_indic_and_persian_digits_are_read_as_digits():
    app = GuideApp(lang="sv", flow="fit")
    answer(app, ("fit_grades_known", "no_swedish"), ("fit_newly_arrived", "no"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await mash(pilot, [*"٢٠١٠-٠٥-١٤", "enter"])
        assert str(answers(app)["fit_birth_date"]) == "2010-05-14"
        await mash(pilot, [*"۲۰۲۶-۰۸-۱۷", "enter"])
        assert str(answers(app)["fit_start_date"]) == "2026-08-17"


# ---------------------------------------------------------------- privacy as promised


async def test_a_personnummer_is_not_taken_and_the_draft_stays_for_editing():
    app = GuideApp(lang="sv", flow="intake")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await to_free_text(pilot, app)
        node = current(app)
        await mash(pilot, [*typed("jag heter Sam 080514-1234"), "enter"])
        assert node.id not in answers(app) and current(app).id == node.id
        assert bubbles(app, "error") == [
            "Det ser ut som ett personnummer. Skriv inte ditt personnummer här, det behövs inte. Ta bort det och skicka igen."
        ]
        assert app.focused.value == "jag heter Sam 080514-1234"  # to edit, not to retype


async def test_health_words_get_a_gentle_reminder_and_the_pupil_decides():
    app = GuideApp(lang="sv", flow="intake")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await to_free_text(pilot, app)
        node = current(app)
        await mash(pilot, [*typed("Jag har ADHD"), "enter"])
        note = app.screen.query_one("#health-note")
        assert note.display and "inte skriva om hälsa" in str(note.render())
        assert node.id not in answers(app)
        await mash(pilot, ["enter"])  # sent again: the pupil decided
        assert answers(app)[node.id] == "Jag har ADHD"


async def test_exporting_again_replaces_the_export_and_it_can_be_deleted(tmp_path, monkeypatch):
    outbox = tmp_path / "outbox"
    monkeypatch.setenv("IMGUIDE_OUTBOX", str(outbox))
    app = GuideApp(lang="sv")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("ctrl+s", "ctrl+e")
        await wait_for(pilot, lambda: app.export is not None, "the export")
        code = app.export.pickup_code
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert app.export.pickup_code == code and [p.name for p in outbox.iterdir()] == [code]
        await click(pilot, app.screen.query_one("#delete-export"))
        await settle(pilot)
        assert list(outbox.iterdir()) == [] and app.export is None


def test_nothing_the_guide_writes_lands_outside_the_outbox(tmp_path):
    """A whole visit with an export, in a process of its own with its home, state, cache and working
    folder in a fresh place: afterwards the only new files are the export's."""
    import subprocess
    import sys
    import textwrap

    home = tmp_path / "home"
    work = tmp_path / "work"
    for folder in (home, work):
        folder.mkdir()
    outbox = tmp_path / "outbox"
    script = textwrap.dedent(
        f"""
        import asyncio, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from imguide.ui.app import GuideApp
        from test_ui_support import settle
        async def visit():
            app = GuideApp(lang="en")
            async with app.run_test(size=(100, 40)) as pilot:
                await settle(pilot)
                await pilot.press("1", "f2", "ctrl+s", "ctrl+e")
                await settle(pilot)
                assert app.export is not None
        asyncio.run(visit())
        """
    )
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_STATE_HOME": str(home / ".state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".data"),
        "IMGUIDE_OUTBOX": str(outbox),
        "TMPDIR": str(tmp_path / "tmp"),
    }
    (tmp_path / "tmp").mkdir()
    done = subprocess.run([sys.executable, "-c", script], cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert written and all(path.startswith("outbox/") for path in written), written
