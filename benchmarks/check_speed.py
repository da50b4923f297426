"""Loading and checking: the shipped bundle (target: under 100 ms in one process), and synthetic
flows of 1,000 and 10,000 nodes (target: 10,000 under 1 s, within 12x of 1,000: linear growth)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from imguide.core.loader import read_bundle  # noqa: E402


def synthetic_flow(flow: int, questions: int, last: bool) -> str:
    """A chain of choices, each branching two ways and joining again; flows jump to the next one."""
    p = f"f{flow}_"
    lines = ["format: 1", f"id: flow{flow}", f"title: Flöde {flow}", f"start: {p}q0", "nodes:"]
    for i in range(questions):
        after = f"{p}q{i + 1}" if i + 1 < questions else f"{p}end"
        lines += [
            f"  - id: {p}q{i}",
            "    kind: choice",
            f"    text: Fråga nummer {i}. Välj ett svar.",
            "    options:",
            '      - {key: "yes", label: Ja}',
            '      - {key: "no", label: Nej}',
            "    next:",
            f"      - if: {p}q{i} == 'yes'",
            f"        goto: {p}a{i}",
            f"      - goto: {p}b{i}",
            f"  - {{id: {p}a{i}, kind: message, text: Du svarade ja på fråga {i}., next: {after}}}",
            f"  - {{id: {p}b{i}, kind: message, text: Du svarade nej på fråga {i}., next: {after}}}",
        ]
    if last:
        lines += [f"  - {{id: {p}end, kind: outcome, text: Klart.}}"]
    else:
        lines += [f"  - {{id: {p}end, kind: jump, flow: flow{flow + 1}}}"]
    return "\n".join(lines) + "\n"


def write_bundle(folder: Path, nodes: int) -> list[Path]:
    """`nodes` nodes in files of about 1,000 (a content file may hold at most 1 MB)."""
    flows = max(1, nodes // 1000)
    paths = []
    for flow in range(flows):
        path = folder / f"flow{flow}.yaml"
        path.write_text(synthetic_flow(flow, (nodes // flows - 1) // 3, flow == flows - 1), encoding="utf-8")
        paths.append(path)
    return paths


def timed(paths, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        _, diagnostics = read_bundle(paths)
        times.append(time.perf_counter() - start)
        assert not [d for d in diagnostics if d.is_error], diagnostics[:3]
    return statistics.median(times)


def main() -> None:
    shipped = timed(None, 7)
    print(f"shipped bundle, load + check: {shipped * 1000:.1f} ms (target < 100 ms): {'ok' if shipped < 0.1 else 'OVER'}")
    with tempfile.TemporaryDirectory() as folder:
        results = {}
        for size in (1_000, 10_000):
            sub = Path(folder) / str(size)
            sub.mkdir()
            results[size] = timed(write_bundle(sub, size), 3 if size > 1000 else 5)
            print(f"synthetic {size:>6} nodes: {results[size] * 1000:.1f} ms")
        ratio = results[10_000] / results[1_000]
        print(f"10,000 nodes under 1 s: {'ok' if results[10_000] < 1 else 'OVER'}; ratio 10k/1k = {ratio:.1f} (target <= 12): {'ok' if ratio <= 12 else 'OVER'}")


if __name__ == "__main__":
    main()
