"""Reading and checking synthetic bundles of 1,000 and 10,000 nodes (what `imguide check` does).

Each sample is one `read_bundle(paths)` call (read every file, check the whole bundle, the
shipped glossary, facts, rules and languages included), timed from the call to its return, in
this process; the bundle must have no errors. The flows are chains of choices that branch two ways
and join again, in files of about 1,000 nodes each. The two sizes alternate, 5 rounds.
Figures: the 10,000-node median (absolute target: under 1 s, as the issue asks), and the median
over rounds of 10,000-node time / 1,000-node time in the same round (target <= 11: linear).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Result, emit, median, ratio_result, spread, write_branching_bundle  # noqa: E402

ROUNDS = 5


def timed(paths: list[Path]) -> float:
    from imguide.core.content.loader import read_bundle

    start = time.perf_counter()
    bundle, diagnostics = read_bundle(paths)
    elapsed = (time.perf_counter() - start) * 1000
    errors = [d.format() for d in diagnostics if d.is_error]
    assert not errors, errors[:3]
    return elapsed, len(bundle.nodes)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="imguide-bench-") as folder:
        bundles = {}
        for size in (1_000, 10_000):
            sub = Path(folder) / str(size)
            sub.mkdir()
            bundles[size] = write_branching_bundle(sub, size)
        timed(bundles[1_000])  # warm: imports, the shipped content files in the cache
        times = {1_000: [], 10_000: []}
        nodes = {}
        for _ in range(ROUNDS):
            for size, paths in bundles.items():
                ms, nodes[size] = timed(paths)
                times[size].append(ms)
    for size in times:
        print(f"{nodes[size]} nodes ({len(bundles[size])} files): {spread(times[size])} ms")
    big = median(times[10_000])
    emit([
        Result(f"check: read_bundle of {nodes[10_000]:,} nodes", round(big, 1), None, None, "< 1000 ms", big < 1000, "ms"),
        ratio_result(f"check scaling: {nodes[10_000]:,} / {nodes[1_000]:,} nodes", times[10_000], times[1_000], 11),
    ])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
