"""`imguide check` as a person runs it, against starting Python and importing PyYAML.

Each sample is the wall time of a subprocess, from just before it is started to its exit:
`.venv/bin/imguide check` (the shipped content; exit 0 expected) and `python -c "import yaml"`
(the same interpreter), alternating, 10 rounds after one unmeasured round of each. Figure: the
median over rounds of check / import yaml in the same round (target <= 3).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import ROOT, emit, ratio_result, spread  # noqa: E402

ROUNDS = 10
CHECK = [str(Path(sys.executable).parent / "imguide"), "check"]
BASELINE = [sys.executable, "-c", "import yaml"]


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return elapsed


def main() -> int:
    wall(CHECK), wall(BASELINE)
    checks, baselines = [], []
    for _ in range(ROUNDS):
        checks.append(wall(CHECK))
        baselines.append(wall(BASELINE))
    print(f"imguide check: {spread(checks)} ms; python -c 'import yaml': {spread(baselines)} ms")
    emit([ratio_result("imguide check (whole command) / python -c 'import yaml'", checks, baselines, 3)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
