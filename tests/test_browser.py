"""The guide in a real browser: `imguide serve` on loopback, Debian's chromium driven through its
own chromedriver (selenium is pointed at /usr/bin/chromedriver, so nothing is downloaded). Every
request the page makes goes to 127.0.0.1; a language is chosen by a click, a question answered,
and the answer comes back.

The terminal in the page is a canvas: there is no page text to read. What the guide sends is read
from the websocket (a script added to the page records every frame), and clicks land on cells
computed from where the guide drew the words."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
pytestmark = pytest.mark.slow

RECORDER = r"""
window.__rx = [];
window.__tx = [];
const Native = window.WebSocket;
window.WebSocket = function (...args) {
  const socket = new Native(...args);
  const send = socket.send.bind(socket);
  socket.send = (data) => { window.__tx.push(typeof data === "string" ? data : ""); return send(data); };
  socket.binaryType = "arraybuffer";
  const decoder = new TextDecoder();
  socket.addEventListener("message", (event) => {
    const data = event.data;
    window.__rx.push(typeof data === "string" ? data : decoder.decode(new Uint8Array(data)));
  });
  return socket;
};
window.WebSocket.prototype = Native.prototype;
Object.assign(window.WebSocket, Native);
"""


def ensure_browser() -> None:
    """Install Debian's chromium and chromium-driver when they are missing (as root, or with a
    sudo that asks for nothing); skip with the reason when that cannot be done here."""
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return
    if shutil.which("apt-get") is None:
        pytest.skip("chromium and chromium-driver are missing and there is no apt-get to install them")
    prefix = ["env", "DEBIAN_FRONTEND=noninteractive"]
    if os.geteuid() != 0:
        prefix = ["sudo", "-n", *prefix]
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"]):
        done = subprocess.run(prefix + command, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            pytest.skip(f"could not install chromium: {done.stderr.strip().splitlines()[-1:] or done.returncode}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    ensure_browser()
    port = free_port()
    environment = dict(os.environ, IMGUIDE_OUTBOX=str(tmp_path / "outbox"), PYTHONPATH=str(ROOT))
    server = subprocess.Popen(
        [sys.executable, "-m", "imguide", "serve", "--port", str(port)],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"imguide serve stopped: {server.stderr.read()}")
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("imguide serve did not listen within 30 s")
    yield port
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1100,900",
        # Chromium's own calls home: none of them may count as the page's requests
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
        f"--user-data-dir={tmp_path / 'chromium'}",
    ):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    yield driver
    driver.quit()


def received(driver) -> str:
    return "".join(driver.execute_script("return window.__rx || [];"))


def wait_for_text(driver, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        output = received(driver)
        if text in output:
            return output
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never came from the guide")


_CURSOR = re.compile(r"\x1b\[(\d+);(\d+)H")
_OTHER_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def cell_of(output: str, text: str) -> tuple[int, int]:
    """The (row, column), 0-based, where the guide last wrote `text`: the cursor move before it
    plus the characters printed since."""
    at = output.rindex(text)
    moves = list(_CURSOR.finditer(output, 0, at))
    assert moves, "no cursor position before the text"
    move = moves[-1]
    printed = _OTHER_ESCAPE.sub("", output[move.end() : at])
    return int(move.group(1)) - 1, int(move.group(2)) - 1 + len(printed)


def terminal_size(driver) -> tuple[int, int]:
    """(columns, rows) as the page last told the guide (its "resize" messages)."""
    import json

    for raw in reversed(driver.execute_script("return window.__tx || [];")):
        try:
            kind, data = json.loads(raw)[:2]
        except (ValueError, TypeError):
            continue
        if kind == "resize":
            return int(data["width"]), int(data["height"])
    raise AssertionError("the page never told the guide its size")


def click_cell(driver, row: int, column: int) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    screen = driver.find_element(By.CSS_SELECTOR, ".xterm-screen")
    width, height = screen.size["width"], screen.size["height"]
    columns, rows = terminal_size(driver)
    x = (column + 0.5) * width / columns - width / 2
    y = (row + 0.5) * height / rows - height / 2
    ActionChains(driver).move_to_element_with_offset(screen, int(x), int(y)).click().perform()


def page_requests(driver) -> list[str]:
    import json

    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
        elif message["method"] == "Network.webSocketCreated":
            urls.append(message["params"]["url"])
    return urls


def test_a_visitor_chooses_a_language_by_click_and_answers_in_the_browser(served, browser):
    port = served
    browser.get_log("performance")  # what the browser did before the page (its new tab) is not the page's
    browser.get(f"http://127.0.0.1:{port}/")
    output = wait_for_text(browser, "English")
    row, column = cell_of(output, "English")
    click_cell(browser, row, column + 2)
    output = wait_for_text(browser, "Who is using the guide now?")
    answer = "I am a student"
    row, column = cell_of(output, answer)
    before = received(browser).count(answer)
    click_cell(browser, row, column + 2)
    # the chat draws the answer again, as the user's own bubble above the next question
    deadline = time.monotonic() + 60
    while received(browser).count(answer) <= before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert received(browser).count(answer) > before, "the answer never came back"
    wait_for_text(browser, "What do you want to know more about?")
    requests = page_requests(browser)
    assert requests, "no request was recorded"
    local = (f"http://127.0.0.1:{port}/", f"ws://127.0.0.1:{port}/")
    network = [url for url in requests if url.split(":", 1)[0] in ("http", "https", "ws", "wss", "ftp")]
    assert any(url.startswith(local[1]) for url in network)  # the guide's own websocket is seen
    elsewhere = [url for url in network if not url.startswith(local)]
    assert elsewhere == [], elsewhere
