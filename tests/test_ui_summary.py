"""The summary: everything marked for the intake export, grouped by topic; answers can be
changed (back in the chat) or removed before exporting."""

from __future__ import annotations

from textual.widgets import Static

from imguide.ui.app import GuideApp
from imguide.ui.screens.chat import ChatScreen
from conftest import t as translator
from imguide.core.engine.resolve import topic_title
from imguide.ui.screens.summary import EntryButton, SummaryScreen

from test_ui_support import answers, bubbles, bundle, click, current, settle


def _fit_app() -> GuideApp:
    """The fit flow with a few answers given already (typing them is tested in test_ui_chat)."""
    app = GuideApp(lang="sv", flow="fit")
    for node_id, value in (
        ("fit_grades_known", "yes"),
        ("fit_grades", {"SV": "C"}),
        ("fit_newly_arrived", "no"),
        ("fit_birth_date", "2009-03-01"),  # skippable
    ):
        app.session.answer(node_id, value)
    return app


async def _some_answers(pilot, app) -> None:
    """Bring a fit app to the same answers as _fit_app(); a fresh app answers by keyboard."""
    await settle(pilot)
    if current(app).id == "fit_grades_known":
        await pilot.press("1")  # fit_grades_known: yes
        await settle(pilot)
        await pilot.press("c", "enter")  # SV=C
        await settle(pilot)
        await pilot.press("2")  # fit_newly_arrived: no
        await settle(pilot)
        await pilot.press(*"2009-03-01", "enter")  # fit_birth_date (skippable)
        await settle(pilot)
    assert current(app).id == "fit_start_date"


async def _open_summary(pilot, app) -> SummaryScreen:
    """Those answers, then the summary (Ctrl+S); test_ui_export starts from here too."""
    await _some_answers(pilot, app)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(app.screen, SummaryScreen)
    return app.screen


def _texts(screen) -> list[str]:
    return [str(widget.render()) for widget in screen.query(Static)]


async def test_summary_lists_exported_answers_by_topic():
    app = _fit_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_summary(pilot, app)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        assert screen.node_ids == [step.node.id for step in app.session.exported()] == ["fit_grades", "fit_newly_arrived", "fit_birth_date"]
        texts = _texts(screen)
        sv = translator("sv")
        assert topic_title(bundle(), "grades", sv) in texts and topic_title(bundle(), "situation", sv) in texts
        assert "→ svenska C" in texts and "→ Nej" in texts and "→ 1 mars 2009" in texts
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)


async def test_remove_a_skippable_answer_from_the_summary():
    app = _fit_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_summary(pilot, app)
        remove = next(b for b in app.screen.query(EntryButton) if b.node_id == "fit_birth_date" and b.action_name == "remove")
        await click(pilot, remove)
        await settle(pilot)
        assert answers(app)["fit_birth_date"] is None  # skipped now: nothing of it is kept
        texts = _texts(app.screen)
        assert "→ 2009-03-01" not in texts and "→ (hoppade över)" in texts
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        assert "2009-03-01" not in bubbles(app, "user")


async def test_remove_a_required_answer_asks_it_again_in_the_chat():
    app = _fit_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_summary(pilot, app)
        remove = next(b for b in app.screen.query(EntryButton) if b.node_id == "fit_grades" and b.action_name == "remove")
        await click(pilot, remove)
        await settle(pilot)
        assert "fit_grades" not in answers(app)
        assert "→ svenska C" not in _texts(app.screen)
        # the later answers wait for it, and the reader is told they are kept
        assert "fit_newly_arrived" not in app.screen.node_ids
        assert any("sparade och kommer tillbaka" in text for text in _texts(app.screen))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        assert current(app).id == "fit_grades"
        assert "svenska C" not in bubbles(app, "user")
        await pilot.press("b", "enter")  # SV=B this time
        await settle(pilot)
        assert answers(app)["fit_grades"] == {"SV": "B"}
        assert answers(app)["fit_newly_arrived"] == "no"  # back, without being asked again
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "fit_newly_arrived" in app.screen.node_ids


async def test_edit_an_answer_from_the_summary_goes_back_to_the_chat():
    app = _fit_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_summary(pilot, app)
        edit = next(b for b in app.screen.query(EntryButton) if b.node_id == "fit_newly_arrived" and b.action_name == "edit")
        edit.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        assert current(app).id == "fit_newly_arrived"
        assert app.screen.reopening == "fit_newly_arrived"
        await pilot.press("1")  # now: yes
        await settle(pilot)
        assert answers(app)["fit_newly_arrived"] == "yes"
        assert answers(app)["fit_grades"] == {"SV": "C"}
        assert current(app).id == "fit_start_date"  # back where the user was


async def test_export_button_answers_without_crashing():
    app = _fit_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_summary(pilot, app)
        screen = app.screen
        status = screen.query_one("#export-status", Static)
        screen._export = lambda: status.update("called")  # the export itself is tested elsewhere
        await click(pilot, app.screen.query_one("#export"))
        await settle(pilot)
        assert str(status.render()) == "called"
