"""`imguide eligibility`: the JSON contract, the Swedish text and one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from imguide import cli

ROOT = Path(__file__).resolve().parents[1]
PASS_8 = "SV=E,EN=C,MA=D,BL=E,HKK=E,IDH=A,MU=B,SL=E"


@pytest.fixture(autouse=True)
def only_this_command(monkeypatch):
    """Other subcommands are written in parallel; this file tests `eligibility` on its own."""
    monkeypatch.setattr(cli, "COMMANDS", ["eligibility"])


def call(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["eligibility", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def call_json(capsys, *argv: str) -> dict:
    code, out, err = call(capsys, *argv, "--json")
    assert (code, err) == (0, "")
    assert len(out.strip().splitlines()) == 1  # ONE JSON object on one line
    return json.loads(out)


def test_json_keys_and_types(capsys):
    data = call_json(capsys, "--grades", PASS_8)
    assert set(data) == {
        "vocational", "programmes", "imv", "im_programmes", "age_ok", "missing", "notes",
        "rules_valid_from", "english_exemption_for",
    }  # fmt: skip
    assert set(data["programmes"]) == {"EK", "ES", "HU", "NA", "SA", "TE"}
    assert all(isinstance(v, bool) for v in data["programmes"].values())
    assert set(data["missing"]) == {"vocational", "EK", "ES", "HU", "NA", "SA", "TE", "IMV"}
    assert data["vocational"] is True and data["imv"] is True
    assert data["im_programmes"] == ["IMV"] and "imv_for_he_prep" in data["notes"]
    assert data["age_ok"] is None
    assert data["rules_valid_from"] == "2019-07-01"


def test_no_grades_is_valid(capsys):
    data = call_json(capsys)
    assert data["vocational"] is False and "no_grades" in data["notes"]
    assert "IMS" in call_json(capsys, "--newly-arrived")["im_programmes"]
    assert "IMS" not in call_json(capsys)["im_programmes"]
    unsure = call_json(capsys, "--maybe-newly-arrived")  # no grades to tell: IMS may fit
    assert "IMS" in unsure["im_programmes"] and "ims_if_newly_arrived" in unsure["notes"]


def test_age_fields(capsys):
    ok = call_json(capsys, "--born", "2007-01-01", "--start", "2027-06-30")
    late = call_json(capsys, "--born", "2007-01-01", "--start", "2027-07-01")
    assert ok["age_ok"] is True and late["age_ok"] is False
    assert "age_limit_passed" in late["notes"]
    assert call_json(capsys, "--born", "2007-01-01")["age_ok"] is None
    asylum = call_json(capsys, "--born", "2009-03-10", "--start", "2027-03-10", "--asylum-seeker")
    assert asylum["age_ok"] is False and "asylum_start_before_18" in asylum["notes"]


def test_missing_english_in_json(capsys):
    data = call_json(capsys, "--grades", "SV=E,EN=F,MA=C,BL=E,HKK=E,IDH=A,MU=B,SL=E")
    assert data["vocational"] is False
    assert data["missing"]["vocational"] == ["EN"]
    assert data["english_exemption_for"] == ["vocational"] and "english_exemption" in data["notes"]


def test_as_of_picks_the_rule_set(capsys):
    assert call_json(capsys, "--as-of", "2019-07-01")["rules_valid_from"] == "2019-07-01"


def test_swedish_text(capsys):
    code, out, err = call(capsys, "--grades", "SV=E,EN=F,MA=C,BL=E,HKK=E,IDH=A,MU=B,SL=E")
    assert (code, err) == (0, "")
    assert "Yrkesprogram: du saknar godkänt betyg (E eller högre) i engelska." in out
    assert "engelska" in out and "Fråga din SYV" in out
    assert not out.lstrip().startswith("{")
    code, out, _ = call(capsys, "--grades", PASS_8)
    assert code == 0 and out.startswith("Yrkesprogram: du är behörig.")


@pytest.mark.parametrize(
    "argv, token",
    [
        (["--grades", "SV=E,XX=E"], "XX"),
        (["--grades", "SV=G"], "'G'"),
        (["--grades", "SV=E,EN=C,sv=A"], "sv"),
        (["--grades", "SV:E"], "SV:E"),
        (["--born", "2010-02-30"], "2010-02-30"),
        (["--start", "next monday"], "next monday"),
        (["--as-of", "20250801"], "20250801"),
        (["--born", "2012-01-01", "--start", "2011-08-15"], "2012-01-01"),
        (["--as-of", "2019-06-30"], "2019-06-30"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, argv, token):
    code, out, err = call(capsys, *argv)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and token in err
    assert err.startswith("imguide eligibility: ")
    assert "Traceback" not in err


def test_unknown_option_is_one_line_too(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["eligibility", "--bogus", "SV=E"])
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_real_process_has_no_traceback():
    script = (
        "import sys, imguide.cli as c; c.COMMANDS[:] = ['eligibility'];"
        "raise SystemExit(c.main(sys.argv[1:]))"
    )
    bad = subprocess.run(
        [sys.executable, "-c", script, "eligibility", "--grades", "SV=E,XX=E", "--json"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert bad.returncode == 2 and bad.stdout == ""
    assert len(bad.stderr.splitlines()) == 1 and "Traceback" not in bad.stderr
    good = subprocess.run(
        [sys.executable, "-c", script, "eligibility", "--grades", PASS_8, "--json"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert good.returncode == 0 and json.loads(good.stdout)["vocational"] is True
