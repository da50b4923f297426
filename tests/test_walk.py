"""`imguide walk`: scripted answers replayed to an outcome, as a transcript or JSON."""

from __future__ import annotations

import json

from imguide.cli import main

FIT_SCRIPT = """
fit_grades_known: "yes"
fit_grades: {SV: C, EN: F, MA: C, BI: C, FY: C, KE: C, TK: C, GE: C, HI: C, RE: C, SH: C, BL: C, HKK: C, IDH: C, MU: C, SL: C}
fit_newly_arrived: "no"
fit_birth_date: 2010-05-14
fit_start_date: 2026-08-17
fit_registered: "yes"
"""


def finish_script(tmp_path, script: str) -> str:
    """Answer whatever question remains after the scripted ones with its last option (usually 'done')."""
    from imguide.core.content.loader import load_bundle
    from imguide.core.engine.session import Session

    import yaml

    answers = yaml.safe_load(script)
    session = Session(load_bundle(), "fit")
    list(session.replay_script(dict(answers)))
    while session.state.current is not None:
        node = session.state.current
        value = node.options[-1].key if node.options else node.samples[0]
        answers[node.id] = value
        session.answer(node.id, value)
    return yaml.safe_dump(answers, allow_unicode=True)


def test_walk_json_reaches_an_outcome(tmp_path, capsys):
    answers = tmp_path / "answers.yaml"
    answers.write_text(finish_script(tmp_path, FIT_SCRIPT), encoding="utf-8")
    assert main(["walk", "fit", "--answers", str(answers), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["outcome"] is not None and data["waiting_at"] is None
    assert data["path"][0] == "fit_intro" or data["path"][0].startswith("fit_")
    exported = {item["node"]: item for item in data["export"]}
    assert exported["fit_grades"]["value"]["EN"] == "F"
    assert exported["fit_grades"]["kind"] == "grades"
    assert data["problems"] == []


def test_walk_transcript_shows_questions_and_answers(tmp_path, capsys):
    answers = tmp_path / "answers.yaml"
    answers.write_text(finish_script(tmp_path, FIT_SCRIPT), encoding="utf-8")
    assert main(["walk", "fit", "--answers", str(answers)]) == 0
    out = capsys.readouterr().out
    assert "imguide>" in out and "you>" in out
    assert "engelska" in out.lower()


def test_walk_reads_a_saved_session(tmp_path, capsys):
    session = {"version": 1, "lang": "sv", "flow": "fit", "answers": [{"node": "fit_grades_known", "kind": "choice", "value": "not_yet"}]}
    path = tmp_path / "session.json"
    path.write_text(json.dumps(session), encoding="utf-8")
    assert main(["walk", "fit", "--answers", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "fit_grades_known" in data["path"]


def test_an_answer_that_does_not_fit_is_named(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text('fit_grades_known: "maybe"\n', encoding="utf-8")
    assert main(["walk", "fit", "--answers", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["problems"][0]["node"] == "fit_grades_known"


def test_bad_arguments_give_one_line_and_exit_2(tmp_path, capsys):
    path = tmp_path / "a.yaml"
    path.write_text("{}\n", encoding="utf-8")
    cases = [
        ["walk", "nosuchflow", "--answers", str(path)],
        ["walk", "fit", "--answers", str(tmp_path / "missing.yaml")],
        ["walk", "fit", "--answers", str(path), "--lang", "xx"],
        ["walk", "fit"],
        ["nosuchcommand"],
    ]
    for argv in cases:
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = exit_.code
        err = capsys.readouterr().err
        assert code == 2, argv
        assert len(err.strip().splitlines()) == 1, (argv, err)
        assert "Traceback" not in err


def test_walk_with_malformed_answers_file(tmp_path, capsys):
    path = tmp_path / "broken.yaml"
    path.write_text("fit_grades_known: [unclosed\n", encoding="utf-8")
    assert main(["walk", "fit", "--answers", str(path)]) == 2
    assert "broken.yaml" in capsys.readouterr().err


def test_the_guide_itself_refuses_bad_arguments_in_one_line(capsys):
    for argv in (["--lang", "xx"], ["--flow", "nope"], ["--bogus"]):
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = exit_.code
        err = capsys.readouterr().err
        assert code == 2 and len(err.strip().splitlines()) == 1 and err.startswith("imguide: "), (argv, err)
