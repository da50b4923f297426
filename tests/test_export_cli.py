"""`imguide export`, `imguide intake open`, `imguide purge` and `imguide walk --export`: what a
counsellor types, what they see, and the exit codes (0 done, 1 not found / not written, 2 bad input)."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import jsonschema
import pytest

from imguide import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_SV = ROOT / "examples" / "session-sv.json"
EXAMPLE_EN = ROOT / "examples" / "session-en.json"


@pytest.fixture(autouse=True)
def only_these_commands(monkeypatch, tmp_path):
    """Other subcommands are written in parallel; the outbox is a temporary folder."""
    monkeypatch.setattr(cli, "COMMANDS", ["walk", "export", "intake", "purge"])
    monkeypatch.setenv("IMGUIDE_OUTBOX", str(tmp_path / "outbox"))


def call(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exit:  # argparse errors
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


def test_print_schema(capsys):
    code, out, err = call(capsys, "export", "--print-schema")
    assert (code, err) == (0, "")
    jsonschema.Draft202012Validator.check_schema(json.loads(out))


def test_export_into_a_folder(capsys, tmp_path):
    code, out, err = call(capsys, "export", str(EXAMPLE_EN), "--out", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    paths = [Path(line) for line in out.splitlines()]
    assert [p.name for p in paths] == ["intake.html", "intake.md", "intake.json"]
    assert all(p.is_file() and stat.S_IMODE(p.stat().st_mode) == 0o600 for p in paths)
    assert json.loads(paths[2].read_text(encoding="utf-8"))["lang"] == "en"  # the session's language


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_one_format(capsys, tmp_path, fmt):
    code, out, _ = call(capsys, "export", str(EXAMPLE_SV), "--format", fmt, "--out", str(tmp_path))
    assert code == 0 and out.strip() == str(tmp_path / f"intake.{fmt}")


def test_lang_option(capsys, tmp_path):
    code, _, _ = call(capsys, "export", str(EXAMPLE_SV), "--format", "json", "--lang", "EN", "--out", str(tmp_path))
    assert code == 0 and json.loads((tmp_path / "intake.json").read_text(encoding="utf-8"))["lang"] == "en"


def test_export_to_the_outbox_then_open_by_code(capsys, tmp_path):
    code, out, err = call(capsys, "export", str(EXAMPLE_SV))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[-1].startswith("pickup code: ")
    pickup = lines[-1].split()[2]
    assert all(Path(line).parent.name == pickup for line in lines[:-1])
    for typed in (pickup, pickup.lower(), pickup.replace("-", "")):
        code, out, err = call(capsys, "intake", "open", typed)
        assert code == 0
        assert out.startswith("# Inför mottagningssamtalet")  # the Swedish Markdown, to read or paste
        assert "intake.html" in err  # where the document to print is
    code, out, _ = call(capsys, "intake", "open", pickup, "--paths")
    assert code == 0 and [Path(p).name for p in out.split()] == ["intake.html", "intake.md", "intake.json"]


def test_open_with_an_explicit_outbox(capsys, tmp_path):
    box = tmp_path / "elsewhere"
    code, out, _ = call(capsys, "export", str(EXAMPLE_SV), "--outbox", str(box), "--format", "md")
    pickup = out.splitlines()[-1].split()[2]
    assert call(capsys, "intake", "open", pickup)[0] == 1  # not in the default outbox
    assert call(capsys, "intake", "open", pickup, "--outbox", str(box))[0] == 0


def test_unknown_and_malformed_codes(capsys):
    code, out, err = call(capsys, "intake", "open", "K7M4-XR9P")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and "K7M4-XR9P" in err
    code, out, err = call(capsys, "intake", "open", "hello")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "hello" in err
    code, _, err = call(capsys, "intake", "open", "../../etc/passwd")
    assert code == 2


@pytest.mark.parametrize(
    "content, message",
    [
        ("this is not json", "not JSON"),
        ('{"version": 2, "flow": "start", "answers": []}', "version 2"),
        ("[1, 2, 3]", "not a session"),
        ('{"version": 1, "flow": "start"}', "answers"),
    ],
)
def test_files_that_are_not_sessions(capsys, tmp_path, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    code, out, err = call(capsys, "export", str(bad), "--out", str(tmp_path / "out"))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert not (tmp_path / "out").exists()


def test_bad_arguments_are_one_line_and_exit_2(capsys, tmp_path):
    for argv in (
        ["export"],
        ["export", str(tmp_path / "missing.json")],
        ["export", str(EXAMPLE_SV), "--format", "pdf"],
        ["export", str(EXAMPLE_SV), "--lang", "xx"],
        ["export", str(EXAMPLE_SV), "--out", str(tmp_path), "--outbox", str(tmp_path)],
        ["purge", "--older-than", "soon"],
        ["purge", "--older-than", "-3"],
        ["purge", "--older-than", "nan"],
        ["intake"],
    ):
        code, _, err = call(capsys, *argv)
        assert code == 2, argv
        assert len(err.strip().splitlines()) == 1, argv


def test_a_session_for_a_changed_flow_exports_what_fits_and_loses_nothing(capsys, tmp_path):
    data = json.loads(EXAMPLE_SV.read_text(encoding="utf-8"))
    data["answers"].append({"node": "intake_removed_question", "kind": "text", "value": "Mitt svar <b>här</b>"})
    session = tmp_path / "old.json"
    session.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = call(capsys, "export", str(session), "--out", str(tmp_path / "out"))
    assert code == 0 and len(out.splitlines()) == 3
    assert "intake_removed_question" in err and err.count("\n") == 1  # one warning line per problem
    exported = json.loads((tmp_path / "out" / "intake.json").read_text(encoding="utf-8"))
    assert exported["left_out"] == [
        {"node": "intake_removed_question", "value": "Mitt svar <b>här</b>", "reason": exported["left_out"][0]["reason"]}
    ]
    assert exported["topics"]  # the answers that fit are all there
    assert "Mitt svar &lt;b&gt;här&lt;/b&gt;" in (tmp_path / "out" / "intake.html").read_text(encoding="utf-8")


def test_unwritable_target_exits_1(capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, out, err = call(capsys, "export", str(EXAMPLE_SV), "--out", str(blocker / "sub"))
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1


def test_purge(capsys, tmp_path):
    for _ in range(2):
        assert call(capsys, "export", str(EXAMPLE_SV), "--format", "md")[0] == 0
    outbox = tmp_path / "outbox"
    folders = sorted(outbox.iterdir())
    then = time.time() - 40 * 86400
    os.utime(folders[0], (then, then))
    code, out, _ = call(capsys, "purge")
    assert code == 0 and out.startswith("deleted 1 export older than 30 days")
    code, out, _ = call(capsys, "purge", "--outbox", str(outbox), "--older-than", "0")
    assert code == 0 and out.startswith("deleted 1 export ")
    assert list(outbox.iterdir()) == []


def test_walk_export(capsys, tmp_path):
    data = json.loads(EXAMPLE_SV.read_text(encoding="utf-8"))
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = call(capsys, "walk", "start", "--answers", str(answers), "--export", str(tmp_path / "doc"))
    assert code == 0
    written = sorted(p.name for p in (tmp_path / "doc").iterdir())
    assert written == ["intake.html", "intake.json", "intake.md"]
    assert f"-- exported: {tmp_path / 'doc' / 'intake.html'}" in out
    code, out, _ = call(capsys, "walk", "start", "--answers", str(answers), "--json", "--export", str(tmp_path / "doc2"))
    assert code == 0 and len(json.loads(out)["exported_to"]) == 3


def test_a_broken_profile_template_is_one_line_and_writes_nothing(capsys, tmp_path):
    import shutil

    profile = tmp_path / "kommun"
    (profile / "templates").mkdir(parents=True)
    shutil.copy(ROOT / "imguide" / "content" / "profiles" / "example" / "profile.yaml", profile / "profile.yaml")
    (profile / "templates" / "intake.html.j2").write_text("{{ lang.__class__.__mro__ }}", encoding="utf-8")
    code, out, err = call(capsys, "export", str(EXAMPLE_SV), "--profile", str(profile), "--out", str(tmp_path / "out"))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
