"""How many visitors one host holds under `imguide serve`: memory and CPU per visitor.

Starts `imguide serve` on a free loopback port, then N simulated visitors at once, each over the
websocket the page uses (what a browser tab does, without the browser): wait for the language
picker, choose English, wait for the first question, answer two questions. While all N are
connected it reads, from /proc, the resident memory (VmRSS) and the CPU time used so far by every
Python process the server started (one per visitor). Reported: the time until every visitor saw
the picker, the median RSS and CPU seconds per visitor, and the total.

Not part of `make bench` (it has no target; docs/serve.md quotes it). Usage:
    .venv/bin/python benchmarks/serve_capacity.py 1 5 10 20
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
IMGUIDE = ROOT / ".venv" / "bin" / "imguide"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def descendants(pid: int) -> list[int]:
    """Every process under `pid` (the shells textual-serve starts, and the guides they become)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parents.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def visitor(port: int, picker_seen: list[float], started: float) -> None:
    async with aiohttp.ClientSession() as client:
        async with client.ws_connect(f"ws://127.0.0.1:{port}/ws?width=80&height=24") as ws:
            received = ""

            async def until(text: str, timeout: float = 120) -> None:
                nonlocal received
                deadline = time.monotonic() + timeout
                while text not in received:
                    message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
                    if message.type == aiohttp.WSMsgType.BINARY:
                        received += message.data.decode("utf-8", "replace")
                    elif message.type == aiohttp.WSMsgType.TEXT:
                        received += message.data
                    else:
                        raise RuntimeError(f"the websocket closed: {message.type}")

            await until("English")
            picker_seen.append(time.monotonic() - started)
            await ws.send_json(["stdin", "2"])
            await until("Who is using")
            for key in ("1", "1"):
                await ws.send_json(["stdin", key])
                await asyncio.sleep(0.5)
            await asyncio.sleep(5)  # stay connected while the processes are measured


async def measure(count: int) -> dict:
    port = free_port()
    server = subprocess.Popen([str(IMGUIDE), "serve", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        await asyncio.sleep(2)
        server_mb = rss_mb(server.pid)
        picker_seen: list[float] = []
        started = time.monotonic()
        visits = [asyncio.create_task(visitor(port, picker_seen, started)) for _ in range(count)]
        while len(picker_seen) < count and time.monotonic() - started < 180:
            await asyncio.sleep(0.2)
        await asyncio.sleep(3)  # the two answers
        guides = [pid for pid in descendants(server.pid) if "python" in os.readlink(f"/proc/{pid}/exe")]
        memory = sorted(rss_mb(pid) for pid in guides)
        cpu = sorted(cpu_seconds(pid) for pid in guides)
        await asyncio.gather(*visits, return_exceptions=True)
    finally:
        server.terminate()
        server.wait()
    return {
        "visitors": count,
        "guides": len(guides),
        "all_pickers_s": round(max(picker_seen), 1) if len(picker_seen) == count else None,
        "rss_mb_median": round(memory[len(memory) // 2], 1) if memory else None,
        "rss_mb_total": round(sum(memory) + server_mb, 1),
        "cpu_s_median": round(cpu[len(cpu) // 2], 2) if cpu else None,
        "server_mb": round(server_mb, 1),
    }


def main(argv: list[str]) -> int:
    counts = [int(arg) for arg in argv] or [1, 5, 10]
    for count in counts:
        print(json.dumps(asyncio.run(measure(count))), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
