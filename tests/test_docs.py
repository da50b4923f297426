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
