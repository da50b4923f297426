"""Start-up: the compiled content, what the guide loads before its first screen, and the command
line's quick path. The figures themselves are in benchmarks/startup.py; these tests hold the
behaviour the speed rests on."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from imguide.core.content import compiled
from imguide.core.content.loader import load_bundle as read_and_check
from imguide.ui.app import GuideApp
from imguide.ui.screens.chat import ChatScreen
from imguide.ui.screens.language import LanguageScreen
from tests.test_ui_support import SIZE, settle


@pytest.fixture
def compiled_here(tmp_path, monkeypatch):
    """compiled.py pointed at a copy of the shipped sources and a file of its own, caches cleared."""
    package = tmp_path / "package"
    for folder in compiled.SOURCE_DIRS:
        shutil.copytree(folder, package / folder.name, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(compiled, "SOURCE_DIRS", tuple(package / folder.name for folder in compiled.SOURCE_DIRS))
    monkeypatch.setattr(compiled, "COMPILED_FILE", tmp_path / "compiled" / "content.pickle")

    def clear():
        for cached in (compiled._contents, compiled.load_languages, compiled.load_bundle, compiled.shipped_bundle):
            cached.cache_clear()

    clear()
    yield package
    clear()


def test_compiled_content_is_the_checked_yaml(compiled_here):
    assert compiled.load_bundle() is None and not compiled.is_current()
    compiled.write(compiled.COMPILED_FILE)
    assert compiled.is_current()
    fresh = read_and_check()
    bundle = compiled.load_bundle()
    assert bundle is not None and bundle is not fresh
    assert bundle.flows == fresh.flows
    assert bundle.glossary == fresh.glossary and bundle.facts == fresh.facts
    assert dict(bundle.nodes) == dict(fresh.nodes)
    # positions survive, for messages that name file and line
    node = bundle.nodes["fit_grades"]
    assert node.where("subjects") == fresh.nodes["fit_grades"].where("subjects")
    assert compiled.load_languages().codes == fresh.languages.codes
    assert compiled.load_languages()["en"].native_name == "English"
    assert bundle.rules == fresh.rules and bundle.topics == fresh.topics


def test_an_edited_source_makes_the_compiled_content_stale(compiled_here):
    compiled.write(compiled.COMPILED_FILE)
    flow = compiled_here / "flows" / "fit.yaml"
    flow.write_text(flow.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    compiled._contents.cache_clear()
    assert not compiled.is_current()
    assert compiled.load_bundle() is None and compiled.load_languages() is None
    # the guide then reads the YAML: nothing is lost, it is only slower
    assert "fit" in compiled.shipped_bundle().flows


def test_a_damaged_compiled_file_is_ignored(compiled_here):
    compiled.write(compiled.COMPILED_FILE)
    data = compiled.COMPILED_FILE.read_bytes()
    compiled.COMPILED_FILE.write_bytes(data[: len(data) // 2])
    compiled._contents.cache_clear()
    assert compiled.load_bundle() is None
    compiled.COMPILED_FILE.write_bytes(b"not a pickle")
    compiled._contents.cache_clear()
    assert compiled.load_bundle() is None and not compiled.is_current()


def test_the_command_writes_only_when_out_of_date(compiled_here, capsys):
    assert compiled.main(["--check"]) == 1
    assert compiled.main([]) == 0
    assert "written" in capsys.readouterr().out
    written = compiled.COMPILED_FILE.stat().st_mtime_ns
    assert compiled.main([]) == 0 and compiled.COMPILED_FILE.stat().st_mtime_ns == written
    assert compiled.main(["--check"]) == 0
    assert compiled.main(["--bogus"]) == 2


def test_content_with_errors_is_not_compiled(compiled_here, monkeypatch, capsys):
    from imguide.core.content import loader

    (compiled_here / "flows" / "broken.yaml").write_text("id: broken\nstart: nowhere\nnodes: [\n", encoding="utf-8")
    monkeypatch.setattr(loader, "FLOWS_DIR", compiled_here / "flows")
    assert compiled.main([]) == 1
    err = capsys.readouterr().err
    assert "broken.yaml" in err and "has errors" in err
    assert not compiled.COMPILED_FILE.exists()


async def test_the_guide_never_writes_the_compiled_content(compiled_here):
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
    assert not compiled.COMPILED_FILE.exists()


async def test_the_language_picker_comes_before_the_content_is_loaded():
    app = GuideApp()
    assert app._bundle is None and app._session is None
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LanguageScreen)
        assert app._bundle is not None  # fetched behind the picker, so that choosing is instant
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen) and app.session.lang == "en"


def test_starting_the_guide_reads_no_yaml_and_asks_babel_nothing():
    compiled.main([])  # as `make setup` does
    code = (
        "import sys\n"
        "from imguide.cli import parse_arguments\n"
        "from imguide.commands.common import bundle_from_args\n"
        "from imguide.ui.app import GuideApp\n"
        "args = parse_arguments(['--lang', 'sv'])\n"
        "GuideApp(lang='sv', bundle=bundle_from_args(args)).session.state\n"
        "import imguide.ui.screens.chat\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('yaml', 'babel', 'jinja2')\n"
        "          or m in ('imguide.core.content.loader', 'imguide.core.content.checker')\n"
        "          or m.startswith('imguide.commands.') and m != 'imguide.commands.common']\n"
        "print(','.join(sorted(loaded)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ar", ["ar"]), (None, [])],  # the chat in Arabic; the language picker (no language chosen yet)
)
async def test_only_the_chosen_language_catalog_is_read(monkeypatch, lang, expected):
    """Seven catalogs would be read for nothing: the picker names every language from the
    compiled content, and only the language chosen has its catalog opened."""
    from imguide.core.i18n import translator as translators

    opened: list[str] = []
    real = translators._catalog.__wrapped__

    def catalog(code, folder):
        opened.append(code)
        return real(code, folder)

    monkeypatch.setattr(translators, "_catalog", catalog)
    translators._translator.cache_clear()
    try:
        app = GuideApp(lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, ChatScreen if lang else LanguageScreen)
            await pilot.pause(0.05)  # what the picker prepares behind itself counts too
        assert opened == expected
    finally:
        translators._translator.cache_clear()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["foo"], "invalid choice: 'foo'"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--flow"], "expected one argument"),
        (["--profile", "no/such/profile"], "no such file or folder: no/such/profile"),
        (["--lang", "xx"], "unknown language 'xx'"),
    ],
)
def test_bad_arguments_to_the_guide_get_one_line_and_exit_2(argv, message):
    result = subprocess.run([sys.executable, "-m", "imguide.cli", *argv], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("argv", [[], ["--lang", "sv"]])
def test_the_gc_is_paused_only_until_the_first_screen_is_up(monkeypatch, argv):
    import asyncio
    import gc

    from imguide.cli import main

    seen = {}

    def run_headless(app):
        async def go():
            seen["while starting"] = gc.isenabled()
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                seen["once ready"] = gc.isenabled()
                seen["frozen"] = gc.get_freeze_count()

        asyncio.run(go())

    monkeypatch.setattr(GuideApp, "run", run_headless)
    try:
        assert main(argv) == 0
    finally:
        gc.unfreeze()
    assert seen["while starting"] is False and seen["once ready"] is True
    assert seen["frozen"] > 0  # what the start made is out of later collections' way
    assert gc.isenabled()


def test_a_place_that_cannot_be_written_leaves_the_guide_on_yaml(compiled_here, monkeypatch, capsys):
    blocked = compiled_here / "blocked"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    monkeypatch.setattr(compiled, "COMPILED_FILE", blocked / "content.pickle")
    assert compiled.main([]) == 0  # `make setup` goes on
    assert "not written" in capsys.readouterr().err
    assert compiled.load_bundle() is None and "fit" in compiled.shipped_bundle().flows
