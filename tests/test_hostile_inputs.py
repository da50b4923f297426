"""The hostile text list (tests/hostile.py) through every entry point: the chat's text field,
session files, profiles, command-line arguments and the exports made from them.

What a user would notice if it went wrong: a traceback or a hang instead of one line, a terminal
taken over by an escape sequence, a bidi override turning the rest of a line around, an export
that does not open (invalid JSON, HTML whose markup a pasted tag changed), a file written outside
the outbox.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from hostile import HOSTILE, MEGABYTE, hostile_ids, screen_lines, unsafe_on_screen
from imguide.cli import main
from imguide.core.content.answers import AnswerError
from imguide.core.content.loader import read_bundle
from imguide.core.engine.restore import restore
from imguide.core.engine.session import Session
from imguide.core.export.writer import render_all
from test_ui_support import answer_current, bundle, settle, wait_for

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 2, 9, 30)
TEXT_QUESTIONS = [node.id for node in bundle().nodes.values() if node.kind == "text" and node.export]
UNSAFE_IN_FILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class Tags(HTMLParser):
    """The elements and attributes of an HTML document, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}


def markup_of(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser


def session_with(text: str) -> Session | None:
    """A session in which a free-text answer of the intake flow is `text`; None when the guide
    refuses the text (a personnummer, too long ...), which it must do with a message."""
    session = Session(bundle(), "intake", "ar")
    for _ in range(60):
        node = session.state.current
        if node is None:
            break
        if node.id in TEXT_QUESTIONS:
            try:
                session.answer(node.id, text)
            except AnswerError as refused:
                assert str(refused) and "\n" not in str(refused)
                return None
            return session
        sample = node.samples[0] if node.samples else None
        if node.kind == "choice":
            session.answer(node.id, node.options[0].key)
        elif node.kind == "multi":
            session.answer(node.id, [node.options[0].key])
        elif sample is not None:
            session.answer(node.id, sample)
        else:
            session.skip(node.id)
    raise AssertionError("the intake flow has no free-text question")


EMPTY_MARKUP: Tags | None = None


def plain_markup() -> Tags:
    """The elements and attributes of an export whose answers hold no markup at all."""
    global EMPTY_MARKUP
    if EMPTY_MARKUP is None:
        EMPTY_MARKUP = markup_of(render_all(bundle(), session_with("vanlig text"), ("html",), now=NOW)["html"])
    return EMPTY_MARKUP


@pytest.mark.parametrize("text", HOSTILE, ids=hostile_ids())
def test_a_hostile_answer_makes_exports_that_open_and_show_it_as_text(text):
    session = session_with(text)
    if session is None:
        return  # refused in one line (checked above): nothing of it kept
    rendered = render_all(bundle(), session, ("html", "md", "json"), now=NOW)
    document = json.loads(rendered["json"])  # valid JSON
    assert json.dumps(document, ensure_ascii=False).encode("utf-8")  # and UTF-8 encodable
    for name, body in rendered.items():
        assert not UNSAFE_IN_FILE.search(body), f"{name}: a control character reached the export"
    markup = markup_of(rendered["html"])
    expected = plain_markup()
    assert markup.tags <= expected.tags, f"the answer added elements: {markup.tags - expected.tags}"
    assert markup.attributes <= expected.attributes, f"the answer added attributes: {markup.attributes - expected.attributes}"
    assert "{{" not in rendered["md"].replace("{{", "", text.count("{{")) or "{{" in text  # no template ran


def restored_export(text: str) -> dict[str, str]:
    """A saved session with `text` in every field, restored and exported."""
    shipped = bundle()
    data = json.loads((ROOT / "examples" / "session-sv.json").read_text(encoding="utf-8"))
    data["lang"] = text
    for answer in data["answers"]:
        answer["value"] = text
    data["answers"].append({"node": text, "value": text})
    data["notes"] = {"grades": text, text: text}
    restored = restore(shipped, data)
    for line in restored.warnings:
        assert "\n" not in line and len(line) < 2000
    return render_all(shipped, restored.session, ("html", "md", "json"), now=NOW, left_out=restored.left_out)


@pytest.mark.parametrize("text", HOSTILE + [MEGABYTE], ids=hostile_ids() + ["megabyte"])
def test_a_hostile_value_in_every_field_of_a_session_file_is_restored_or_refused(text):
    rendered = restored_export(text)
    json.loads(rendered["json"])
    for name, body in rendered.items():
        assert not UNSAFE_IN_FILE.search(body), f"{name}: a control character reached the export"
    markup, expected = markup_of(rendered["html"]), markup_of(restored_export("vanlig text")["html"])
    assert markup.tags <= expected.tags and markup.attributes <= expected.attributes


@pytest.mark.parametrize("text", HOSTILE, ids=hostile_ids())
def test_a_hostile_text_in_a_profile_is_read_or_diagnosed(tmp_path, text):
    profile = tmp_path / "profile.yaml"
    entries = [{"topic": "contact", "text": text, "url": "https://example.org/"}, {"topic": "reception", "text": "x", "url": text}]
    header = {"format": 1, "id": "hostile", "name": text, "example": True, "as_of": "2026-09-01"}
    profile.write_text(yaml.safe_dump({**header, "entries": entries}, allow_unicode=True), encoding="utf-8", errors="surrogatepass")
    _bundle, diagnostics = read_bundle(profile=profile)
    for diagnostic in diagnostics:
        line = diagnostic.format()
        assert "\n" not in line and not unsafe_on_screen(line), line[:200]


def _printable_argument(text: str) -> bool:
    """What a shell can pass: no NUL, no lone surrogate."""
    return "\x00" not in text and not re.search("[\ud800-\udfff]", text) and len(text) < 100_000


ARGUMENTS = [text for text in HOSTILE if _printable_argument(text)]


def _run(argv: list[str], capsys) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as stopped:
        code = stopped.code
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("text", ARGUMENTS, ids=[i for t, i in zip(HOSTILE, hostile_ids()) if _printable_argument(t)])
def test_a_hostile_argument_gets_one_line_and_an_error_code(text, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("IMGUIDE_OUTBOX", str(tmp_path / "outbox"))
    monkeypatch.chdir(tmp_path)
    for argv in (
        ["--lang", text],
        ["--flow", text, "--lang", "sv"],
        ["check", text],
        ["walk", text, "--answers", text],
        ["export", text],
        ["intake", "open", text],
        ["purge", "--older-than", text],
        ["eligibility", "--as-of", text],
        ["--profile", text, "--lang", "sv"],
    ):
        code, said = _run(argv, capsys)
        assert code in (1, 2), f"imguide {' '.join(argv)[:80]!r} exited {code}: {said[:200]!r}"
        assert "Traceback" not in said
        lines = said.strip().splitlines()
        assert 1 <= len(lines) <= 5, f"{argv[0]}: {lines[:6]!r}"  # a few diagnostics, then one line
        for line in lines:
            assert not unsafe_on_screen(line), f"{argv[0]}: {unsafe_on_screen(line)} in {line[:120]!r}"
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "an argument made a file"


async def test_hostile_text_typed_into_the_chat_never_reaches_the_screen_raw(tmp_path, monkeypatch):
    from textual import events
    from textual.widgets import Input

    from imguide.ui.app import GuideApp

    monkeypatch.setenv("IMGUIDE_OUTBOX", str(tmp_path / "outbox"))
    app = GuideApp(lang="ar", flow="intake")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        visits: dict[str, int] = {}
        for _ in range(40):
            node = app.session.state.current
            if node is None or node.id in TEXT_QUESTIONS:
                break
            await answer_current(pilot, app, visits)
        assert app.session.state.current.id in TEXT_QUESTIONS
        await wait_for(pilot, lambda: isinstance(app.focused, Input), "the text field")
        field = app.focused
        for text in HOSTILE + [MEGABYTE]:
            field.value = ""
            app.post_message(events.Paste(text))
            await settle(pilot)
            assert app.is_running
            for line in screen_lines(app):
                assert not unsafe_on_screen(line), f"{unsafe_on_screen(line)} on screen after pasting {text[:30]!r}"
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        for line in screen_lines(app):
            assert not unsafe_on_screen(line)
    assert not os.path.exists(tmp_path / "outbox") or all(
        path.stat().st_mode & 0o077 == 0 for path in (tmp_path / "outbox").rglob("*")
    )
