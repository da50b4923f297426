"""The condition language: parsing, type checking and evaluation, and that odd input only ever
raises the language's own errors."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imguide.core.content import expressions as expr
from imguide.core.content.expressions import BOOL, NUM, Type

SCOPE = {
    "choice": Type("key", keys=frozenset({"yes", "no"}), origin="choice"),
    "many": Type("keys", keys=frozenset({"music", "art"}), origin="many"),
    "years": NUM,
    "born": Type("date"),
    "grades": Type("grades"),
    "result": Type("record", fields={"ok": BOOL, "list": Type("keys", keys=frozenset({"IMV", "IMS"}), origin="list")}),
}


def run(source: str, values: dict):
    tree = expr.parse(source)
    expr.TypeChecker(SCOPE).check(tree)
    return expr.evaluate(tree, values)


@pytest.mark.parametrize(
    "source, values, expected",
    [
        ("choice == 'yes'", {"choice": "yes"}, True),
        ("choice != 'yes'", {"choice": "no"}, True),
        ("choice == 'yes'", {}, False),
        ("choice == null", {}, True),
        ("'music' in many", {"many": ["music"]}, True),
        ("'art' not in many", {"many": ["music"]}, True),
        ("'art' in many", {}, False),
        ("years >= 3 and years < 10", {"years": 4}, True),
        ("years > 3", {}, False),
        ("not (years > 3)", {"years": 1}, True),
        ("choice == 'no' or years == 2", {"choice": "yes", "years": 2}, True),
        ("passed(grades, 'EN')", {"grades": {"EN": "E"}}, True),
        ("passed(grades, 'EN')", {"grades": {"EN": "F"}}, False),
        ("passed(grades, 'EN')", {"grades": {"EN": "-"}}, False),
        ("grades.EN == 'A'", {"grades": {"EN": "A"}}, True),
        ("answered(years)", {"years": 0}, True),
        ("answered(years)", {}, False),
        ("count(many) == 2", {"many": ["music", "art"]}, True),
        ("age_on(born, date('2027-08-16')) >= 18", {"born": date(2009, 8, 16)}, True),
        ("age_on(born, date('2027-08-16')) >= 18", {"born": date(2009, 8, 17)}, False),
        ("result.ok == true", {"result": {"ok": True}}, True),
        ("'IMS' in result.list", {"result": {"list": ["IMV", "IMS"]}}, True),
        ("choice in ['yes', 'no']", {"choice": "no"}, True),
    ],
)
def test_evaluation(source, values, expected):
    assert run(source, values) is expected


@pytest.mark.parametrize(
    "source, words",
    [
        ("choice == 'maybe'", "not an option"),
        ("'dance' in many", "not an option"),
        ("years == 'three'", "never be equal"),
        ("choice > 3", "compares numbers or dates"),
        ("years and true", "true/false"),
        ("unknown_thing == 1", "unknown name"),
        ("result.nope", "has no field"),
        ("grades.en == 'A'", "upper case"),
        ("grades.EN > 'C'", "not ordered"),
        ("date('2027-02-30') == born", "not a real date"),
        ("passed(years, 'EN')", "wants"),
    ],
)
def test_type_errors(source, words):
    with pytest.raises(expr.ExprTypeError, match=words):
        expr.TypeChecker(SCOPE).check(expr.parse(source))


@pytest.mark.parametrize("source", ["", "choice ==", "(years > 1", "years >> 1", "'open", "a . . b", "x == @"])
def test_syntax_errors_have_an_offset(source):
    with pytest.raises(expr.ExprSyntaxError) as info:
        expr.parse(source)
    assert 0 <= info.value.offset <= len(source)


def test_used_keys_are_recorded():
    checker = expr.TypeChecker(SCOPE)
    checker.check(expr.parse("choice == 'yes' or 'art' in many"))
    assert checker.used_keys == {("choice", "yes"), ("many", "art")}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_parses_or_fails_cleanly(source):
    try:
        tree = expr.parse(source)
    except expr.ExprSyntaxError:
        return
    try:
        expr.TypeChecker(SCOPE).check(tree)
    except expr.ExprTypeError:
        return
    expr.evaluate(tree, {})
