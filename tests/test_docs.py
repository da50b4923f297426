"""The examples in the docs stay true: the flow example in docs/flows.md passes the checker and
runs to an outcome."""

from __future__ import annotations

import re
from pathlib import Path

from imguide.core.content.loader import read_bundle
from imguide.core.engine.session import Session

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_the_flow_example_in_the_docs_is_valid(tmp_path):
    text = (DOCS / "flows.md").read_text(encoding="utf-8")
    example = re.search(r"## A small example\s+```yaml\n(.*?)```", text, re.S).group(1)
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    bundle, diagnostics = read_bundle([path])
    assert [d.format() for d in diagnostics] == []
    session = Session(bundle, "example")
    session.answer("knows_grades", "yes")
    session.answer("grades", {"SV": "C", "EN": "E"})
    assert session.state.outcome.id == "done"


def test_every_command_and_option_in_the_readme_exists():
    """The README's command list is what people type first: each subcommand and each --option
    it shows must be one the program knows."""
    from imguide.cli import build_parser

    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Commands\s+```sh\n(.*?)```", readme, re.S).group(1)
    main = build_parser()

    def subcommands(parser) -> dict:
        return next((action.choices for action in parser._actions if action.dest and action.choices and hasattr(action, "_name_parser_map")), {})

    def options(parser) -> set[str]:
        return {option for action in parser._actions for option in action.option_strings}

    for line in block.splitlines():
        words = line.split("#")[0].split()
        if not words or words[0] != "imguide":
            continue
        # the options of the guide, then of each (sub)command named, e.g. `imguide intake open`
        parser, known, path = main, options(main), []
        for word in words[1:]:
            if word in subcommands(parser):
                parser = subcommands(parser)[word]
                known |= options(parser)
                path.append(word)
        command = " ".join(path)
        for option in re.findall(r"--[a-z][a-z-]*", line.split("#")[0]):
            assert option in known, f"README: {option} is not an option of `imguide {command or ''}`"
