"""How long the intake export takes to render: HTML, Markdown and JSON for a complete session.

The session answers every intake question (long free text included), fills in a full grade sheet
and so carries an eligibility result. Each round renders all three formats the way the app does
(one context, three renderers: render_all) and also as three separate render_export calls. The
first round (compiling the templates) is reported apart. A baseline in the same run, json.dumps of
the session, gives the ratio. Target: the three formats together in under 50 ms (median).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = 60
TARGET_MS = 50.0
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


def complete_session(bundle):
    from imguide.core.session import Session

    session = Session(bundle, "start", "en")
    grades = {code: "C" for code in ("SV", "EN", "MA", "BI", "FY", "KE", "TK", "GE", "HI", "RE", "SH", "BL", "HKK", "IDH", "MU", "SL")}
    grades.update({"EN": "F", "M1": "D", "ML": "A"})
    script = {
        "start_who": "student",
        "start_topic": "fit",
        "fit_grades_known": "yes",
        "fit_grades": grades,
        "fit_newly_arrived": "yes",
        "fit_birth_date": "2009-04-03",
        "fit_start_date": "2026-08-17",
        "fit_asylum": "no",
        "fit_next": "intake",
        "intake_interests": [o.key for o in bundle.nodes["intake_interests"].options],
        "intake_next": "done",
    }
    for node in bundle.nodes.values():
        if node.flow == "intake" and node.kind == "text":
            script[node.id] = ("Jag vill berätta mer om det här. " * 20)[: node.max_length]
        elif node.flow == "intake" and node.kind == "number":
            script[node.id] = 9
    problems = list(session.replay_script(script))
    assert not problems and session.state.outcome is not None, (problems, session.state.current)
    return session


def timed(fn, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    from imguide.core.export import FORMATS, render_all, render_export
    from imguide.core.loader import load_bundle

    bundle = load_bundle()
    session = complete_session(bundle)
    answered = len(session.exported())

    start = time.perf_counter()
    render_all(bundle, session, FORMATS, now=NOW)
    first = (time.perf_counter() - start) * 1000

    together = timed(lambda: render_all(bundle, session, FORMATS, now=NOW), ROUNDS)
    separate = timed(lambda: [render_export(bundle, session, fmt, now=NOW) for fmt in FORMATS], ROUNDS)
    per_format = {fmt: statistics.median(timed(lambda fmt=fmt: render_export(bundle, session, fmt, now=NOW), ROUNDS)) for fmt in FORMATS}
    baseline = statistics.median(timed(lambda: json.dumps(session.to_json(), ensure_ascii=False), ROUNDS))

    median_together = statistics.median(together)
    median_separate = statistics.median(separate)
    print(f"complete session: {answered} exported answers, eligibility included, lang en (bilingual)")
    print(f"first render (templates compiled): {first:.1f} ms")
    print(f"HTML + Markdown + JSON, one context (render_all): median {median_together:.1f} ms, max {max(together):.1f} ms")
    print(
        f"HTML + Markdown + JSON, three render_export calls: median {median_separate:.1f} ms "
        f"(target < {TARGET_MS:.0f} ms): {'ok' if median_separate < TARGET_MS else 'OVER'}"
    )
    print("per format: " + ", ".join(f"{fmt} {ms:.1f} ms" for fmt, ms in per_format.items()))
    print(f"baseline json.dumps(session): {baseline:.3f} ms; ratio render_all/baseline = {median_together / baseline:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
