"""`imguide eligibility`: check grades and age against the eligibility rules, without the TUI.

Why a command: counsellors, scripts and the test suite need the same answer as the guide, either as
one JSON object (--json) or as plain Swedish sentences.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date

from imguide.commands import UsageError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `eligibility` subcommand."""
    p = subparsers.add_parser(
        "eligibility",
        help="check eligibility for national and introduction programmes",
        description="Check grades and age against the eligibility rules (behörighet).",
    )
    p.add_argument("--grades", default="", metavar="SV=E,EN=F,MA=C,...", help="grades per subject (A-F or -)")
    p.add_argument("--born", metavar="YYYY-MM-DD", help="date of birth")
    p.add_argument("--start", metavar="YYYY-MM-DD", help="planned start date in gymnasieskolan")
    p.add_argument(
        "--not-registered", "--asylum-seeker", dest="not_registered", action="store_true",
        help="the pupil is not folkbokförd (asylum seeker, temporary protection, ...): must start before 18",
    )  # fmt: skip
    p.add_argument("--newly-arrived", action="store_true", help="the pupil is newly arrived (nyanländ)")
    p.add_argument("--maybe-newly-arrived", action="store_true", help="the pupil does not know whether they are newly arrived")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="use the rules in force on this date (default today)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of sentences")
    p.add_argument("--lang", default=argparse.SUPPRESS, help="the language of the sentences (default sv)")
    p.set_defaults(func=run)


def _date(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    text = value.strip()
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: invalid date {value!r} (use YYYY-MM-DD)") from None


def run(args: argparse.Namespace) -> int:
    """Evaluate and print; bad input becomes a one-line UsageError (exit 2)."""
    from imguide.commands.common import language_from_args, load_content
    from imguide.core.eligibility.evaluate import EligibilityInput, evaluate
    from imguide.core.eligibility.explain import explain
    from imguide.core.eligibility.grading import EligibilityError, parse_grades
    from imguide.core.i18n.translator import translator

    born, start = _date("--born", args.born), _date("--start", args.start)
    as_of = _date("--as-of", args.as_of)
    if born and start and born > start:
        raise UsageError(f"--born {born.isoformat()} is after --start {start.isoformat()}")
    bundle = load_content()
    # Errors are read in English at the command line, whatever the language of the sentences.
    english = translator(bundle.languages.resolve("en") or bundle.languages.source)
    try:
        grades = parse_grades(args.grades)
    except EligibilityError as error:
        raise UsageError(f"--grades: {error.render(english)}") from None
    language = language_from_args(args, bundle)
    inp = EligibilityInput(
        grades=grades,
        born=born,
        start=start,
        not_registered=args.not_registered,
        newly_arrived=args.newly_arrived,
        maybe_newly_arrived=args.maybe_newly_arrived,
    )
    try:
        result = evaluate(inp, bundle.rules_for(as_of))
    except EligibilityError as error:
        raise UsageError(error.render(english)) from None
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        for line in explain(result, translator(language)):
            print(line)
    sys.stdout.flush()
    return 0
