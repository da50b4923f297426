"""Every file, argument and flag, as a hostile user or a careless editor would give them: one line,
the right exit code, never a traceback, never a hang. Each case here was once a traceback, a hang or
a silent success (issue 14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from imguide.cli import main

ROOT = Path(__file__).resolve().parent.parent
LONG = "/tmp/" + "a" * 300 + ".yaml"

BOMB = "format: 1\nid: bomb\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9) if previous else ', '.join(['lol'] * 9)}]\n"
    for previous, name in zip([None, "a", "b", "c", "d", "e", "f", "g"], "abcdefgh")
)


@pytest.fixture
def files(tmp_path) -> Path:
    (tmp_path / "list-profile.yaml").write_text("- a\n- b\n", encoding="utf-8")
    (tmp_path / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    (tmp_path / "self.yaml").write_text("format: 1\nid: rec\nx: &a [*a]\n", encoding="utf-8")
    (tmp_path / "deep-text.yaml").write_text("format: 1\nid: deep\nx: " + "{k: " * 100 + "text" + "}" * 100 + "\n", encoding="utf-8")
    wide = "{" + ", ".join(f"k{i}: v" for i in range(1000)) + "}"
    (tmp_path / "wide-bomb.yaml").write_text(f"format: 1\nid: wide\na: &a {wide}\nb: [{', '.join(['*a'] * 249)}]\n", encoding="utf-8")
    (tmp_path / "deep.json").write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    (tmp_path / "big-number.yaml").write_text("fit_birth_date: " + "9" * 5000 + "\n", encoding="utf-8")
    (tmp_path / "huge.json").write_text('{"fit_grades_known": "' + "x" * 6_000_000 + '"}', encoding="utf-8")
    for flow in (["x"], {"a": 1}, 7, None):
        name = f"flow-{type(flow).__name__}.json"
        (tmp_path / name).write_text(json.dumps({"version": 1, "flow": flow, "lang": "sv", "answers": []}), encoding="utf-8")
    (tmp_path / "answers-deep.json").write_text(json.dumps({"version": 1, "flow": "fit", "lang": "sv", "answers": [{"node": "fit_grades_known", "value": [[[[["yes"]]]]]}]}), encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")
    return tmp_path


def run(argv, capsys) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as stopped:  # argparse's own errors exit from inside
        code = stopped.code
    captured = capsys.readouterr()
    return code, captured.out + captured.err  # `check` reports on stdout, the others on stderr


CASES = [
    (["check", "--profile", "{d}/list-profile.yaml"], 1, "error IMG011"),
    (["check", LONG], 2, "File name too long"),
    (["walk", "fit", "--answers", LONG], 2, "File name too long"),
    (["export", LONG], 2, "File name too long"),
    (["--lang", "sv", "--profile", LONG], 2, "File name too long"),
    (["walk", "fit", "--answers", "{d}/flow-list.json"], 0, None),
    (["export", "{d}/flow-list.json", "--out", "{d}/out"], 2, "does not have"),
    (["export", "{d}/flow-dict.json", "--out", "{d}/out"], 2, "does not have"),
    (["export", "{d}/flow-int.json", "--out", "{d}/out"], 2, "does not have"),
    (["export", "{d}/flow-NoneType.json", "--out", "{d}/out"], 2, ""),
    (["export", "{d}/answers-deep.json", "--out", "{d}/out"], None, None),
    (["walk", "fit", "--answers", "{d}/deep.json"], 2, "nesting depth"),
    (["export", "{d}/deep.json", "--out", "{d}/out"], 2, "nested far too deeply"),
    (["walk", "fit", "--answers", "{d}/big-number.yaml"], 2, "far too many digits"),
    (["walk", "fit", "--answers", "{d}/huge.json"], 2, "at most"),
    (["export", "{d}/huge.json"], 2, "at most"),
    (["check", "{d}/bomb.yaml"], 1, "IMG031"),
    (["check", "{d}/self.yaml"], 1, "IMG031"),
    (["check", "{d}/deep-text.yaml"], 1, "nested more than 100 levels"),  # text at the bottom too
    (["check", "{d}/wide-bomb.yaml"], 1, "more than 250,000 values"),  # text values count too
    (["walk", "fit", "--answers", "{d}/bomb.yaml"], 2, "IMG031"),
    (["--flow", "nope"], 2, "unknown flow 'nope'"),
    (["--profile", "/nonexistent"], 2, "no such file or folder"),
    (["purge", "--outbox", "/nonexistent/x"], 2, "no such outbox"),
    (["purge", "--older-than", "1e308"], 2, "more than 36,500"),
    (["purge", "--older-than", "-0"], 2, "must be 0 or more"),
    (["purge", "--older-than", "nan"], 2, "must be 0 or more"),
    (["--lang", "xx"], 2, "unknown language"),
    (["--bidi", "sideways"], 2, "invalid choice"),
    (["kiosk", "--idle-seconds", "0"], 2, "between 5 and"),
    (["serve", "--port", "99999"], 2, "not a port number"),
    # an empty path is not the current folder (it once checked "." and found no flows)
    (["check", ""], 2, "an empty path"),
    (["walk", "fit", "--answers", ""], 2, "an empty path"),
    (["--profile", ""], 2, "an empty path"),
    # a help, however it is asked for, lists every command (not only those the line names)
    (["--he", "check"], 0, "eligibility"),
    (["--flow", "intake", "--help"], 0, "purge"),
]


@pytest.mark.parametrize(("argv", "code", "message"), CASES, ids=[" ".join(c[0])[:60] for c in CASES])
def test_bad_input_gets_one_clear_line(files, capsys, argv, code, message):
    argv = [arg.format(d=files) for arg in argv]
    got, err = run(argv, capsys)
    assert "Traceback" not in err and "internal error" not in err, err
    if code is not None:
        assert got == code, err
    if message:
        lines = [line for line in err.splitlines() if line.strip()]
        assert message in err, err
        if got == 2 and argv[0] != "check":
            assert len(lines) == 1, err


@pytest.mark.parametrize("argv", [["check", "{d}/pipe.yaml"], ["walk", "fit", "--answers", "{d}/pipe.yaml"], ["export", "{d}/pipe.yaml"]])
def test_a_pipe_is_refused_not_waited_on(files, argv):
    """A FIFO given as a file would block a reader for ever: in a separate process, with a limit."""
    argv = [arg.format(d=files) for arg in argv]
    done = subprocess.run([sys.executable, "-m", "imguide", *argv], cwd=ROOT, capture_output=True, text=True, timeout=30)
    said = done.stdout + done.stderr
    assert done.returncode == 2 and "Traceback" not in said
    assert "pipe" in said


def test_an_unexpected_failure_is_one_line_with_a_way_to_see_more(monkeypatch, capsys):
    import imguide.commands.purge as purge

    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.setattr(purge, "run", broken)
    code, err = run(["purge"], capsys)
    assert code == 1 and err.count("\n") == 1 and "IMGUIDE_DEBUG=1" in err and "boom" in err
