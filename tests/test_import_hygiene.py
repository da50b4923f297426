"""The core never imports Textual (also enforced by the import-linter contract in `make test`)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import imguide.core


def test_core_modules_load_without_textual():
    modules = [m.name for m in pkgutil.walk_packages(imguide.core.__path__, prefix="imguide.core.")]
    assert len(modules) > 20  # every module, sub-packages included
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('imguide.ui'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_subcommands_do_not_load_textual():
    code = "import sys\nfrom imguide.cli import main\nmain(['check'])\nprint('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "False"
