"""From the app: the summary screen exports the reviewed answers into the outbox, and the
counsellor can open them with the pickup code the screen shows."""

from __future__ import annotations

import os
import re
import stat

from textual.widgets import Button, Static

from imguide.cli import main
from imguide.ui.app import GuideApp
from imguide.ui.screens.summary import SummaryScreen

from test_ui_summary import _some_answers
from test_ui_support import click, settle


async def test_export_from_the_summary_writes_private_files_and_shows_a_pickup_code(tmp_path, monkeypatch, capsys):
    outbox = tmp_path / "outbox"
    monkeypatch.setenv("IMGUIDE_OUTBOX", str(outbox))
    app = GuideApp(lang="sv", flow="fit")
    async with app.run_test(size=(100, 40)) as pilot:
        await _some_answers(pilot, app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await click(pilot, app.screen.query_one("#export", Button))
        await settle(pilot)
        status = str(app.screen.query_one("#export-status", Static).render())
    match = re.search(r"([A-Z0-9]{4}-[A-Z0-9]{4})", status)
    assert match, status
    code = match.group(1)
    folder = outbox / code
    assert sorted(p.name for p in folder.iterdir()) == ["intake.html", "intake.json", "intake.md"]
    assert stat.S_IMODE(os.stat(outbox).st_mode) == 0o700
    assert all(stat.S_IMODE(os.stat(p).st_mode) == 0o600 for p in folder.iterdir())
    assert "svenska C" in (folder / "intake.md").read_text(encoding="utf-8")
    # the counsellor opens it with the code, typed in lower case without the dash
    capsys.readouterr()
    assert main(["intake", "open", code.replace("-", "").lower(), "--outbox", str(outbox)]) == 0
    assert "svenska C" in capsys.readouterr().out
