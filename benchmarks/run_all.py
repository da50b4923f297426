"""Run every benchmark, each in its own fresh Python process, and report (`make bench`).

Each script prints its figures as one JSON line (_harness.emit); this collects them, prints a
table (figure, measured, baseline, ratio, target, met) and writes benchmarks/results.json:
    {"results": [{"name", "value", "baseline", "ratio", "target", "met", "unit", "note"}, ...]}
Exit 1 if any figure is not met (or a script failed), else 0.

chat_latency.py runs before export_speed.py, whose target is relative to its answer -> painted
figure: that median is handed over in BENCH_ANSWER_MS.

`run_all.py --soak` (`make soak`) runs only the endurance scripts, at full length (BENCH_SOAK=1),
and writes benchmarks/results-soak.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _harness import MARKER  # noqa: E402
from chat_latency import ANSWER_FIGURE  # noqa: E402

SCRIPTS = [
    "startup.py",
    "catalogs.py",
    "chat_latency.py",
    "language_switch.py",
    "export_speed.py",
    "check_speed.py",
    "check_command.py",
    "endurance_visits.py",
    "endurance_switches.py",
    "endurance_kiosk.py",
]
SOAK = ["endurance_visits.py", "endurance_switches.py", "endurance_kiosk.py"]


def run(script: str, env: dict) -> list[dict]:
    """Run one script, echoing its output; its figures, or one unmet entry if it failed."""
    print(f"== {script}", flush=True)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(HERE / script)], cwd=HERE.parent, env=env, stdout=subprocess.PIPE, text=True)
    results = None
    for line in process.stdout:
        if line.startswith(MARKER):
            results = json.loads(line[len(MARKER):])
        else:
            print("   " + line, end="", flush=True)
    code = process.wait()
    print(f"   ({time.perf_counter() - start:.0f} s)", flush=True)
    if code != 0 or results is None:
        return [{"name": f"{script}: did not finish", "value": float(code), "baseline": None, "ratio": None,
                 "target": "exit 0 with results", "met": False, "unit": "exit code", "note": ""}]
    return results


def number(value, unit: str = "") -> str:
    if value is None:
        return "-"
    text = f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"
    return f"{text} {unit}".rstrip()


def table(results: list[dict]) -> str:
    rows = [("figure", "measured", "baseline", "ratio", "target", "met")]
    for r in results:
        unit = r.get("unit", "")
        rows.append((r["name"], number(r["value"], unit), number(r["baseline"], unit), number(r["ratio"]), r["target"], "yes" if r["met"] else "NO"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))) for row in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def main() -> int:
    soak = sys.argv[1:] == ["--soak"]
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    if soak:
        env["BENCH_SOAK"] = "1"
    results: list[dict] = []
    for script in SOAK if soak else SCRIPTS:
        answer = next((r for r in results if r["name"] == ANSWER_FIGURE), None)
        if answer is not None:
            env["BENCH_ANSWER_MS"] = str(answer["value"])
        results += run(script, env)
    print()
    print(table(results))
    notes = [f"  {r['name']}: {r['note']}" for r in results if r.get("note")]
    if notes:
        print("\nnotes:\n" + "\n".join(notes))
    output = HERE / ("results-soak.json" if soak else "results.json")
    output.write_text(json.dumps({"results": results}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    unmet = [r["name"] for r in results if not r["met"]]
    print(f"\n{len(results) - len(unmet)} of {len(results)} figures met; written to {output.relative_to(HERE.parent)}")
    return 1 if unmet else 0


if __name__ == "__main__":
    raise SystemExit(main())
