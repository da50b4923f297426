"""A real install: the wheel built from this tree, installed into a fresh virtual environment (not
the editable one the suite runs in), speaks English, so the catalogs travel inside the package.

The new environment borrows its dependencies (Textual, Babel, ...) from the one the suite runs in,
through a .pth line: fetching them again would test the package index, not this package. That
environment's own imguide is an editable finder its .pth files would start, and a plain path line
starts none of them."""

from __future__ import annotations

import json
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def run(*argv, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in argv], capture_output=True, text=True, timeout=600, **kwargs)


def test_a_wheel_installed_in_a_fresh_venv_answers_in_english(tmp_path):
    built = run(sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", "--quiet", "--wheel-dir", tmp_path / "dist")
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("imguide-*.whl"))
    home = tmp_path / "venv"
    venv.create(home, with_pip=False)
    python = home / "bin" / "python"
    # this environment's pip installs into the new one (ensurepip would only take longer)
    installed = run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel)
    assert installed.returncode == 0, installed.stderr
    packages = next(home.glob("lib/python*/site-packages"))
    (packages / "borrowed_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"fit_grades_known": "no_swedish", "fit_newly_arrived": "yes"}), encoding="utf-8")
    # run from elsewhere, so nothing of this source tree can be imported by accident
    walked = run(home / "bin" / "imguide", "--lang", "en", "walk", "fit", "--answers", answers, cwd=tmp_path)
    assert walked.returncode == 0, walked.stderr
    assert "warning" not in walked.stderr
    assert "Do you know" in walked.stdout and "Vet du" not in walked.stdout
    where = run(python, "-c", "import imguide, pathlib; print(pathlib.Path(imguide.__file__).parent)", cwd=tmp_path)
    assert str(home) in where.stdout  # the installed copy answered, not this tree
