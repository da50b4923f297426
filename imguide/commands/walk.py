"""`imguide walk FLOW --answers FILE [--lang L] [--json] [--export DIR]`: replay scripted answers
through a flow and print the transcript, or JSON with the path, the outcome and the values marked for
export. With --export DIR, the intake document (HTML, Markdown and JSON) is then written into DIR.

The answers file is YAML or JSON: a mapping node id -> answer, a list of {node, value} (where a node
may come again, once for each time a loop brings the path back to it), or a saved session
(`{"version": 1, "answers": [...]}`). An answer that does not fit its question is reported
with the node id and the walk stops there (exit 1).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from imguide.commands import UsageError, path_argument
from imguide.commands.common import add_bundle_arguments, bundle_from_args, language_from_args, warn_missing_catalog

if TYPE_CHECKING:
    from imguide.core.engine.session import Session
    from imguide.core.i18n.languages import Language


def register(subparsers) -> None:
    parser = subparsers.add_parser("walk", help="replay scripted answers through a flow")
    parser.add_argument("flow", help="the flow id to start in (e.g. start, fit)")
    parser.add_argument("--answers", required=True, type=path_argument, help="YAML or JSON answers, or a saved session")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a transcript")
    parser.add_argument("--export", type=path_argument, metavar="DIR", help="write the intake document (HTML, Markdown, JSON) into DIR")
    add_bundle_arguments(parser)
    parser.set_defaults(func=run)


def read_answers(path: Path) -> Any:
    from imguide.commands.common import read_input_text
    from imguide.core.content.yaml_source import YamlBool, YamlProblem, parse_yaml

    text = read_input_text(path, "answers file")
    try:
        # YAML is a superset of JSON, so one reader takes both; it is the content's reader, with
        # its caps on size, nesting and aliases (a "billion laughs" file ends in one line)
        parsed = parse_yaml(text, str(path))
    except YamlProblem as problem:
        raise UsageError(problem.diagnostic.format()) from None

    def answer(value):
        # no answer is a boolean: an unquoted yes/no is the option key it was written as
        if isinstance(value, YamlBool):
            return value.raw
        if isinstance(value, dict):
            return {key: answer(item) for key, item in value.items()}
        if isinstance(value, list):
            return [answer(item) for item in value]
        return value

    data = answer(parsed)
    if isinstance(data, dict) and "answers" in data and "version" in data:
        return data["answers"]
    if not isinstance(data, (dict, list)):
        raise UsageError(f"{path}: expected a mapping of node id -> answer, or a list of {{node, value}}")
    return data


def run(args) -> int:
    from imguide.core.content.answers import to_json_value
    from imguide.core.engine.resolve import format_answer, resolve
    from imguide.core.engine.session import Session
    from imguide.core.i18n.translator import translator

    bundle = bundle_from_args(args)
    language = language_from_args(args, bundle)
    warn_missing_catalog("imguide walk", language)
    lang = language.code
    if args.flow not in bundle.flows:
        raise UsageError(f"unknown flow '{args.flow}' (flows: {', '.join(sorted(bundle.flows))})")
    script = read_answers(args.answers)
    session = Session(bundle, args.flow, lang)
    problems = list(session.replay_script(script))
    state = session.state
    t = translator(language)
    exported = [
        {"node": step.node.id, "topic": step.node.export, "kind": step.node.kind, "value": to_json_value(step.answer.value)}
        for step in session.exported()
    ]
    written = export_to(bundle, session, language, args.export) if getattr(args, "export", None) else None
    if args.json:
        print(
            json.dumps(
                {
                    "flow": args.flow,
                    "lang": lang,
                    "path": [step.node.id for step in state.path],
                    "outcome": state.outcome.id if state.outcome else None,
                    "waiting_at": state.current.id if state.current else None,
                    "export": exported,
                    "problems": [{"node": p.node, "message": p.message} for p in problems],
                    **({"exported_to": [str(path) for path in written]} if written is not None else {}),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for step in state.path:
            shown = resolve(bundle, step.node, t, state.values)
            if shown.text.strip():
                print(f"imguide> {shown.text.strip()}")
            if step.answer is not None:
                print(f"  you> {format_answer(bundle, step.node, step.answer.value, t)}")
        if state.current is not None:
            print(f"imguide> {resolve(bundle, state.current, t, state.values).text.strip()}")
            print(f"-- stopped: no answer for '{state.current.id}' in {args.answers}")
        for problem in problems:
            print(f"-- problem at '{problem.node}': {problem.message}")
        for path in written or []:
            print(f"-- exported: {path}")
    return 1 if problems else 0


def export_to(bundle, session: Session, language: Language, folder: Path) -> list[Path]:
    """`--export DIR`: all three formats, written atomically (imguide.core.export)."""
    from imguide.core.export.renderers import ExportError
    from imguide.core.export.writer import write_export

    try:
        return write_export(bundle, session, folder, language).paths
    except ExportError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"cannot write the export into {folder}: {error}") from None
