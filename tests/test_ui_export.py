"""From the app: the summary screen exports the reviewed answers into the outbox, and the
counsellor can open them with the pickup code the screen shows."""

from __future__ import annotations

import os
import re
import stat

from textual.widgets import Button, Static

from imguide.cli import main
from imguide.ui.app import GuideApp

from test_ui_summary import _open_summary
from test_ui_support import click, settle


def _pickup_code(status: str) -> str:
    """The pickup code the status shows (four and four letters or digits)."""
    match = re.search(r"([A-Z0-9]{4}-[A-Z0-9]{4})", status)
    assert match, status
    return match.group(1)


async def test_export_from_the_summary_writes_private_files_and_shows_a_pickup_code(tmp_path, monkeypatch, capsys):
    outbox = tmp_path / "outbox"
    monkeypatch.setenv("IMGUIDE_OUTBOX", str(outbox))
    app = GuideApp(lang="sv", flow="fit")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_summary(pilot, app)
        await click(pilot, app.screen.query_one("#export", Button))
        await settle(pilot)
        status = str(app.screen.query_one("#export-status", Static).render())
    code = _pickup_code(status)
    folder = outbox / code
    assert sorted(p.name for p in folder.iterdir()) == ["intake.html", "intake.json", "intake.md"]
    assert stat.S_IMODE(os.stat(outbox).st_mode) == 0o700
    assert all(stat.S_IMODE(os.stat(p).st_mode) == 0o600 for p in folder.iterdir())
    assert "svenska C" in (folder / "intake.md").read_text(encoding="utf-8")
    # the counsellor opens it with the code, typed in lower case without the dash
    capsys.readouterr()
    assert main(["intake", "open", code.replace("-", "").lower(), "--outbox", str(outbox)]) == 0
    assert "svenska C" in capsys.readouterr().out


async def test_the_pickup_code_shows_in_the_lines_kept_for_it_and_a_longer_message_gets_more(tmp_path, monkeypatch):
    """The status under the buttons keeps its lines, so the first export repaints them instead of
    laying the whole summary out again; a message that needs more lines still shows in full."""
    monkeypatch.setenv("IMGUIDE_OUTBOX", str(tmp_path / "outbox"))
    app = GuideApp(lang="sv", flow="fit")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_summary(pilot, app)
        screen = app.screen
        status = screen.query_one("#export-status", Static)
        delete = screen.query_one("#delete-export", Button)
        listing = screen.query_one("#summary-list")
        assert delete.display and delete.disabled  # in its place, greyed out: nothing to remove yet
        before = (status.region, listing.region, delete.region)
        layouts = []
        original = screen._refresh_layout

        def counted(*args, **kwargs):
            layouts.append(kwargs.get("scroll", False))
            return original(*args, **kwargs)

        screen._refresh_layout = counted
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert "Hämtkod" in str(status.render())
        assert not delete.disabled
        assert (status.region, listing.region, delete.region) == before  # nothing moved
        assert layouts == []  # repainted, not laid out again
        screen._refresh_layout = original

        long = " ".join(["Ett mycket långt meddelande om exporten."] * 12)
        screen._say(long)
        await settle(pilot)
        assert status.region.height > 3
        shown = " ".join(line.strip() for line in str(status.render()).splitlines())
        assert shown == long
        screen._say("Kort.")
        await settle(pilot)
        assert status.region.height == 3  # back to the lines kept for it

        await click(pilot, delete)
        await settle(pilot)
        assert delete.disabled and "borttagen" in str(status.render())


async def test_the_export_holds_what_changed_after_the_summary_was_listed(tmp_path, monkeypatch):
    """The export reuses the document the summary shows only while the session is as it was: a
    note written meanwhile (a counsellor's, from another view) is in the export."""
    outbox = tmp_path / "outbox"
    monkeypatch.setenv("IMGUIDE_OUTBOX", str(outbox))
    app = GuideApp(lang="sv", flow="fit")
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_summary(pilot, app)
        topic = next(iter(app.bundle.topics))
        app.session.note(topic, "Anteckning skriven efter listningen")
        await pilot.press("ctrl+e")
        await settle(pilot)
        status = str(app.screen.query_one("#export-status", Static).render())
    code = _pickup_code(status)
    assert "Anteckning skriven efter listningen" in (outbox / code / "intake.md").read_text(encoding="utf-8")


async def test_the_pickup_code_stays_whole_when_the_window_gets_narrower(tmp_path, monkeypatch):
    """The status keeps its lines only while the message fits them: narrowed, it grows."""
    monkeypatch.setenv("IMGUIDE_OUTBOX", str(tmp_path / "outbox" / "a-rather-long-folder-name-for-the-kiosk"))
    app = GuideApp(lang="sv", flow="fit")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_summary(pilot, app)
        await pilot.press("ctrl+e")
        await settle(pilot)
        status = app.screen.query_one("#export-status", Static)
        code = _pickup_code(str(status.render()))
        await pilot.resize_terminal(60, 40)
        await settle(pilot)
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert status.region.height > 3
        assert code in shown  # the end of the message, the part a visitor needs, is on screen
