"""A few deterministic snapshots at 80x24 (plain `def` tests: snap_compare runs its own event
loop). Regenerate with `make snapshots` after a deliberate change to the look."""

from __future__ import annotations

from textual.widgets import Input

from imguide.ui.app import GuideApp

SIZE = (80, 24)


def _no_blink(pilot) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.pause()
    _no_blink(pilot)


def test_language_picker(snap_compare):
    assert snap_compare(GuideApp(), run_before=_settle, terminal_size=SIZE)


def test_chat_start_swedish(snap_compare):
    assert snap_compare(GuideApp(lang="sv"), run_before=_settle, terminal_size=SIZE)


def test_grades_table(snap_compare):
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("1")  # yes, I know my grades
        await _settle(pilot)
        await pilot.press("c", "b", "down", "e")
        await _settle(pilot)

    assert snap_compare(GuideApp(lang="sv", flow="fit"), run_before=run_before, terminal_size=SIZE)


def test_chat_english_after_one_answer(snap_compare):
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("1")
        await _settle(pilot)

    assert snap_compare(GuideApp(lang="en"), run_before=run_before, terminal_size=SIZE)
