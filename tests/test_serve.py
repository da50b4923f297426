"""`imguide serve`: its own page (nothing from elsewhere, local fonts for Arabic and Ethiopic, a
fresh guide after a kiosk visit ends), loopback unless told, one line for a bad argument."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from imguide.cli import main
from imguide.ui.web.server import is_loopback, visitor_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_only_loopback_counts_as_this_machine(host, loopback):
    assert is_loopback(host) is loopback


def test_each_visitor_runs_this_python_with_quoted_arguments():
    command = visitor_command(["kiosk", "--config", "/srv/a b/kiosk.yaml"])
    assert command.startswith(f"exec {sys.executable}") and "-m imguide kiosk --config '/srv/a b/kiosk.yaml'" in command


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["serve", "--port", "0"], "not a port number"),
        (["serve", "--port", "http"], "not a port number"),
        (["serve", "--kiosk", "--staff"], "do not go together"),
        (["serve", "--config", "x.yaml"], "give --kiosk too"),
        (["serve", "--public-url", "guide.example"], "must start with http"),
    ],
)
def test_bad_serve_arguments_get_one_line_and_exit_2(argv, message, capsys):
    try:
        code = main(argv)
    except SystemExit as stopped:  # argparse's own errors
        code = stopped.code
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_kiosk_server_needs_the_staff_pin(tmp_path, capsys):
    config = tmp_path / "kiosk.yaml"
    config.write_text("idle_seconds: 60\n", encoding="utf-8")
    assert main(["serve", "--kiosk", "--config", str(config)]) == 2
    assert "--set-pin" in capsys.readouterr().err


def served_page(args: list[str], tmp_path) -> tuple[str, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = dict(os.environ, PYTHONPATH=str(ROOT), IMGUIDE_OUTBOX=str(tmp_path / "outbox"))
    server = subprocess.Popen([sys.executable, "-m", "imguide", "serve", "--port", str(port), *args], cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode("utf-8")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError(f"no page: {server.stderr.read() if server.poll() is not None else 'timeout'}")
                time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return page, f"http://127.0.0.1:{port}/"


def test_the_page_loads_nothing_from_elsewhere_and_has_fonts_for_every_script(tmp_path):
    page, base = served_page([], tmp_path)
    addresses = re.findall(r"""(?:href|src)\s*=\s*["']([^"']+)""", page) + re.findall(r"url\(\"?([^\")]+)", page)
    assert addresses and all(address.startswith(base) for address in addresses), addresses
    assert "fonts.googleapis" not in page
    assert 'local("Noto Sans Arabic")' in page and 'local("Noto Sans Ethiopic")' in page
    assert 'data-restart="button"' in page


def test_a_kiosk_page_starts_a_fresh_guide_when_a_visit_ends(tmp_path):
    from imguide.core.kiosk.config import KioskConfig, write_config
    from imguide.core.kiosk.pin import hash_pin

    config = tmp_path / "kiosk.yaml"
    write_config(config, KioskConfig(pin=hash_pin("482916")))
    page, _base = served_page(["--kiosk", "--config", str(config)], tmp_path)
    assert 'data-restart="auto"' in page and "location.reload()" in page
