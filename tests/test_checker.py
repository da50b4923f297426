"""Every diagnostic code has a failing example here (and in docs/diagnostics.md), plus the shipped
bundle must be clean."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest


from imguide.core.content.diagnostics import CATALOGUE
from imguide.core.content.loader import SHIPPED, read_bundle
from imguide.core.records import replace

GOOD_FLOW = """
format: 1
id: demo
title: Demo
start: ask
nodes:
  - id: ask
    kind: choice
    text: Vill du fortsätta?
    options:
      - {key: "yes", label: Ja}
      - {key: "no", label: Nej}
    next:
      - if: ask == 'yes'
        goto: done
      - goto: bye
  - id: done
    kind: outcome
    text: Klart.
  - id: bye
    kind: outcome
    text: Hej då.
"""


def diagnose(tmp_path: Path, flow: str, name: str = "flow.yaml", profile: str | None = None, extra: dict | None = None):
    path = tmp_path / name
    path.write_text(textwrap.dedent(flow), encoding="utf-8")
    paths = [path]
    for other_name, other in (extra or {}).items():
        other_path = tmp_path / other_name
        other_path.write_text(textwrap.dedent(other), encoding="utf-8")
        paths.append(other_path)
    profile_path = None
    if profile is not None:
        profile_path = tmp_path / "profile.yaml"
        profile_path.write_text(textwrap.dedent(profile), encoding="utf-8")
    _, diagnostics = read_bundle(paths, profile=profile_path)
    return diagnostics


def codes(diagnostics) -> set[str]:
    return {d.code for d in diagnostics}


def test_a_good_flow_is_clean(tmp_path):
    assert diagnose(tmp_path, GOOD_FLOW) == []


def test_a_node_id_used_in_two_flows_is_one_error_not_more(tmp_path):
    """Each flow's walk follows its own nodes: the second flow's 'ask' leads to its own outcomes,
    so only the repeated id is reported (not "no path reaches" its outcomes as well)."""
    other = GOOD_FLOW.replace("id: demo", "id: other").replace("goto: done", "goto: fine").replace("goto: bye", "goto: later")
    other = other.replace("  - id: done\n", "  - id: fine\n").replace("  - id: bye\n", "  - id: later\n")
    found = diagnose(tmp_path, GOOD_FLOW, extra={"other.yaml": other})
    assert codes(found) == {"IMG002"}, [d.format() for d in found]


def test_the_shipped_bundle_is_clean():
    _, diagnostics = read_bundle()
    assert [d.format() for d in diagnostics] == []


def test_the_shipped_bundle_with_the_example_profile_is_clean():
    profile = Path(__file__).resolve().parent.parent / "imguide" / "content" / "profiles" / "example"
    bundle, diagnostics = read_bundle(profile=profile)
    assert [d.format() for d in diagnostics] == []
    assert bundle.profile is not None and bundle.profile.example


BROKEN = {
    "IMG001": GOOD_FLOW.replace("goto: bye", "goto: nowhere"),
    "IMG002": GOOD_FLOW.replace("  - id: bye\n", "  - id: done\n"),
    "IMG003": GOOD_FLOW + "  - id: lonely\n    kind: message\n    text: Ingen kommer hit.\n    next: done\n",
    "IMG004": GOOD_FLOW.replace("""    next:
      - if: ask == 'yes'
        goto: done
      - goto: bye
""", ""),
    "IMG005": """
        format: 1
        id: demo
        title: Demo
        start: a
        nodes:
          - {id: a, kind: message, text: A., next: b}
          - {id: b, kind: message, text: B., next: a}
          - {id: end, kind: outcome, text: Slut.}
        """,
    "IMG006": GOOD_FLOW + "  - id: never\n    kind: outcome\n    text: Aldrig.\n",
    "IMG007": GOOD_FLOW.replace("if: ask == 'yes'", "if: ask == 'maybe'"),
    "IMG008": GOOD_FLOW.replace("""      - {key: "no", label: Nej}""", """      - {key: "no", label: Nej}
      - {key: later, label: Senare}"""),
    "IMG009": GOOD_FLOW.replace("text: Klart.", "text: " + "Ord " * 120),
    "IMG010": "format: 1\nid: demo\nnodes: [\n  - broken: : :\n",
    "IMG011": GOOD_FLOW.replace("    text: Vill du fortsätta?", "    text: Vill du fortsätta?\n    nxt: bye"),
    "IMG012": GOOD_FLOW.replace("""{key: "yes", label: Ja}""", "{key: yes, label: Ja}"),
    "IMG016": GOOD_FLOW.replace("if: ask == 'yes'", "if: ask == = 'yes'"),
    "IMG031": GOOD_FLOW.replace("title: Demo", "title: Demo\nloop: &loop [*loop]"),
    "IMG017": GOOD_FLOW.replace("text: Klart.", "text: Prata med din [[trollkarl]]."),
    "IMG018": GOOD_FLOW.replace("text: Klart.", "text: Du svarade {nothing_here}."),
    "IMG019": GOOD_FLOW.replace("    text: Klart.", "    text: Klart.\n    sources: [no_such_fact]"),
    "IMG021": GOOD_FLOW.replace(
        "text: Klart.",
        "text: Introduktionsprogrammens individanpassade utbildningsplanering förutsätter "
        "samverkansöverenskommelser mellan huvudmännens studievägledningsfunktioner och "
        "elevhälsoorganisationernas specialpedagogiska kompetenser utan uppehåll.",
    ),
    "IMG022": GOOD_FLOW.replace("    text: Klart.", "    text: Klart.\n    local: [weather]"),
    "IMG023": GOOD_FLOW.replace("format: 1", "format: 7"),
    "IMG024": GOOD_FLOW.replace("""  - id: done
    kind: outcome""", """  - id: done
    kind: number
    text: Hur många år?
    min: 0
    max: 15
    samples: [99]
    next: bye
  - id: unused_end
    kind: outcome"""),
}


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_each_broken_example_gives_its_code(tmp_path, code):
    diagnostics = diagnose(tmp_path, BROKEN[code])
    assert code in codes(diagnostics), [d.format() for d in diagnostics]
    wanted = next(d for d in diagnostics if d.code == code)
    assert wanted.file.endswith("flow.yaml") and wanted.message


def test_every_code_in_the_catalogue_has_a_failing_example():
    covered = set(BROKEN) | {"IMG013", "IMG014", "IMG015", "IMG020", "IMG025", "IMG029", "IMG030"} | set(BROKEN_FILES)
    assert covered == set(CATALOGUE)


SHIPPED_RULES = SHIPPED.rules.read_text(encoding="utf-8")
# Content beside the flows, broken the way an editor might: (which file, its text, where it points)
BROKEN_FILES = {
    "IMG026": ("rules", SHIPPED_RULES.replace("others: 5\n        total: 8", "others: 5\n        total: 9", 1), "total: 9"),
    "IMG027": ("languages", "format: 1\nlanguages:\n  - {code: sv, reviewed: true}\n  - {code: xx, reviewed: false}\n", "xx"),
    "IMG028": ("topics", "format: 1\ntopics:\n  - {id: other, title: Annat}\n", None),
}


@pytest.mark.parametrize("describe_languages", [True, False])  # the guide; `imguide check`
@pytest.mark.parametrize("code", sorted(BROKEN_FILES))
def test_broken_rules_languages_and_topics_are_diagnosed_with_their_line(tmp_path, code, describe_languages):
    which, text, marker = BROKEN_FILES[code]
    path = tmp_path / f"{which}.yaml"
    path.write_text(text, encoding="utf-8")
    flow = tmp_path / "flow.yaml"
    flow.write_text(textwrap.dedent(GOOD_FLOW).replace("    text: Vill du fortsätta?", "    text: Vill du fortsätta?\n    export: grades"), encoding="utf-8")
    _, diagnostics = read_bundle([flow], files=replace(SHIPPED, **{which: path}), describe_languages=describe_languages)
    found = [d for d in diagnostics if d.code == code]
    assert found, [d.format() for d in diagnostics]
    if marker is not None:
        assert found[0].file.endswith(f"{which}.yaml")
        assert marker in text.splitlines()[found[0].line - 1]


def test_check_reads_the_rules_and_the_languages_too(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(SHIPPED_RULES.replace("required: [SV, EN, MA]", "required: [SV, EN, MATTE]", 1), encoding="utf-8")
    bundle, diagnostics = read_bundle(files=replace(SHIPPED, rules=rules))
    assert any(d.code == "IMG026" and "MATTE" in d.message for d in diagnostics)
    bundle, diagnostics = read_bundle()
    assert bundle.rules and "sv" in bundle.languages


def test_not_utf8_gives_img013_with_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("format: 1\nid: demo\ntitle: Sm\xe5land\n".encode("latin-1"))
    _, diagnostics = read_bundle([path])
    found = [d for d in diagnostics if d.code == "IMG013"]
    assert found and found[0].line == 3


def test_a_huge_file_gives_img014(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("# " + "x" * 5_000_000 + "\n", encoding="utf-8")
    _, diagnostics = read_bundle([path])
    assert "IMG014" in codes(diagnostics)


def test_an_empty_bundle_gives_img015(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    _, diagnostics = read_bundle([folder])
    assert "IMG015" in codes(diagnostics)


def test_a_missing_file_gives_img025(tmp_path):
    _, diagnostics = read_bundle([tmp_path / "missing.yaml"])
    assert "IMG025" in codes(diagnostics)


def test_a_fact_without_source_gives_img020(tmp_path):
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "f.yaml").write_text("format: 1\nfacts:\n  - {id: x, text: Något., source: '', confidence: ''}\n", encoding="utf-8")
    flow = tmp_path / "flow.yaml"
    flow.write_text(textwrap.dedent(GOOD_FLOW), encoding="utf-8")
    _, diagnostics = read_bundle([flow], files=replace(SHIPPED, facts=facts))
    found = [d for d in diagnostics if d.code == "IMG020"]
    assert found and "source" in found[0].message and "confidence" in found[0].message


def test_facts_rest_on_listed_sources_and_every_source_is_used(tmp_path):
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "f.yaml").write_text("format: 1\nfacts:\n  - {id: x, text: Något., source: nowhere, confidence: high}\n", encoding="utf-8")
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "format: 1\nsources:\n  - {id: lonely, url: 'https://example.org/a', publisher: P, title: T, as_of: unknown}\n"
        "  - {id: dated, document: sources/001, publisher: P, title: T, as_of: 2023-04-05}\n",
        encoding="utf-8",
    )
    flow = tmp_path / "flow.yaml"
    flow.write_text(textwrap.dedent(GOOD_FLOW), encoding="utf-8")
    bundle, diagnostics = read_bundle([flow], files=replace(SHIPPED, facts=facts, sources=sources))
    assert [(d.code, d.node) for d in diagnostics if d.code in ("IMG029", "IMG030")] == [("IMG029", "x"), ("IMG030", "lonely"), ("IMG030", "dated")]
    assert bundle.sources["lonely"].as_of is None and str(bundle.sources["dated"].as_of) == "2023-04-05"


def test_a_flow_file_that_is_a_list(tmp_path):
    diagnostics = diagnose(tmp_path, "- id: a\n- id: b\n")
    assert any(d.code == "IMG011" and "list" in d.message for d in diagnostics)


def test_positions_point_at_the_bad_line(tmp_path):
    diagnostics = diagnose(tmp_path, BROKEN["IMG001"])
    found = next(d for d in diagnostics if d.code == "IMG001")
    lines = textwrap.dedent(BROKEN["IMG001"]).splitlines()
    assert "nowhere" in lines[found.line - 1]
    assert found.node == "ask"


def test_yaml_boolean_trap_names_the_fix(tmp_path):
    diagnostics = diagnose(tmp_path, BROKEN["IMG012"])
    found = next(d for d in diagnostics if d.code == "IMG012")
    assert '"yes"' in found.message


def test_unknown_key_suggests_the_right_one(tmp_path):
    diagnostics = diagnose(tmp_path, BROKEN["IMG011"])
    assert any("did you mean 'next'" in d.message for d in diagnostics if d.code == "IMG011")


def test_a_skippable_choice_routed_only_by_options_is_a_dead_end(tmp_path):
    flow = GOOD_FLOW.replace("""    options:
      - {key: "yes", label: Ja}
      - {key: "no", label: Nej}
    next:
      - if: ask == 'yes'
        goto: done
      - goto: bye
""", """    skippable: true
    options:
      - {key: "yes", label: Ja, goto: done}
      - {key: "no", label: Nej, goto: bye}
""")
    assert "IMG004" in codes(diagnose(tmp_path, flow))


def test_a_goto_into_another_flow_asks_for_a_jump(tmp_path):
    other = GOOD_FLOW.replace("id: demo", "id: other").replace("id: ask", "id: o_ask").replace("id: done", "id: o_done").replace("id: bye", "id: o_bye").replace("start: ask", "start: o_ask").replace("goto: done", "goto: o_done").replace("goto: bye", "goto: o_bye").replace("ask ==", "o_ask ==")
    flow = GOOD_FLOW.replace("goto: bye", "goto: o_bye")
    diagnostics = diagnose(tmp_path, flow, extra={"other.yaml": other})
    assert any(d.code == "IMG001" and "jump" in d.message for d in diagnostics)


def test_a_profile_with_an_unknown_topic(tmp_path):
    profile = "format: 1\nid: x\nname: X\nentries:\n  - {topic: weather, text: Sol.}\n"
    assert "IMG022" in codes(diagnose(tmp_path, GOOD_FLOW, profile=profile))


def test_type_errors_in_conditions(tmp_path):
    cases = {
        "ask > 3": "compares numbers or dates",
        "ask and true": "true/false",
        "nobody == 'x'": "unknown name",
        "count(ask, ask) > 1": "argument",
        "frobnicate(ask)": "unknown function",
    }
    for condition, words in cases.items():
        diagnostics = diagnose(tmp_path, GOOD_FLOW.replace("ask == 'yes'", condition))
        messages = [d.message for d in diagnostics if d.code == "IMG007"]
        assert any(words in m for m in messages), (condition, messages)


def test_only_cycles_with_no_way_out_are_reported_each_once(tmp_path):
    # a-b loops with a way out; c-d loop with none; e only leads into c-d; f loops on itself
    flow = """
        format: 1
        id: demo
        title: Demo
        start: start
        nodes:
          - id: start
            kind: choice
            text: Vart?
            options:
              - {key: a, label: A, goto: a}
              - {key: e, label: E, goto: e}
              - {key: f, label: F, goto: f}
          - id: a
            kind: choice
            text: Igen?
            options:
              - {key: "again", label: Igen, goto: b}
              - {key: "done", label: Klar, goto: end}
          - {id: b, kind: message, text: B., next: a}
          - {id: c, kind: message, text: C., next: d}
          - {id: d, kind: message, text: D., next: c}
          - {id: e, kind: message, text: E., next: c}
          - {id: f, kind: message, text: F., next: f}
          - {id: end, kind: outcome, text: Slut.}
        """
    cycles = sorted(d.message for d in diagnose(tmp_path, flow) if d.code == "IMG005")
    assert cycles == ["a cycle with no way out: c -> d -> c", "a cycle with no way out: f -> f"]

