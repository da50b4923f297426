"""`imguide check`: exit codes, text and JSON output, and bad input without a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from imguide.cli import main

from test_checker import BROKEN, GOOD_FLOW


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_the_shipped_bundle_checks_clean(capsys):
    assert main(["check"]) == 0
    assert "ok" in capsys.readouterr().out


def test_errors_exit_1_with_file_line_and_code(tmp_path, capsys):
    path = write(tmp_path, "broken.yaml", BROKEN["IMG001"])
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:" in out and "IMG001" in out and "error" in out


def test_warnings_alone_exit_0(tmp_path, capsys):
    path = write(tmp_path, "warn.yaml", BROKEN["IMG008"])
    assert main(["check", str(path)]) == 0
    assert "IMG008" in capsys.readouterr().out


def test_json_format(tmp_path, capsys):
    path = write(tmp_path, "broken.yaml", BROKEN["IMG016"])
    assert main(["check", str(path), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["errors"] >= 1
    first = data["diagnostics"][0]
    assert {"code", "severity", "file", "line", "column", "node", "message"} <= set(first)


def test_unreadable_files_exit_2(tmp_path, capsys):
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: Sm\xe5land\n".encode("latin-1"))
    assert main(["check", str(latin)]) == 2
    assert main(["check", str(tmp_path / "missing.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_malformed_yaml_names_the_line(tmp_path, capsys):
    path = write(tmp_path, "bad.yaml", "format: 1\nid: x\nnodes:\n  - id: a\n   kind: message\n")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "IMG010" in out and "bad.yaml:5" in out


def test_good_flow_with_profile(tmp_path, capsys):
    path = write(tmp_path, "good.yaml", GOOD_FLOW)
    assert main(["check", str(path), "--profile", "imguide/content/profiles/example"]) == 0


def test_no_traceback_for_any_bad_input(tmp_path):
    """Run the real command in a subprocess so nothing can hide a traceback."""
    huge = tmp_path / "huge.yaml"
    huge.write_text("# " + "x" * 5_200_000, encoding="utf-8")
    listed = write(tmp_path, "list.yaml", "- a\n- b\n")
    empty = write(tmp_path, "empty.yaml", "")
    for target in (huge, listed, empty, write(tmp_path, "cond.yaml", BROKEN["IMG016"])):
        result = subprocess.run([sys.executable, "-m", "imguide", "check", str(target)], capture_output=True, text=True)
        assert result.returncode in (1, 2), (target, result)
        assert "Traceback" not in result.stdout + result.stderr
        assert target.name in result.stdout
