"""Calculators: Python code a flow may call, by name, to work out values from answers.

Each declares its inputs (with the answer types it takes) and the fields of its result, so
conditions on computed values are type-checked when the bundle loads like any other. A calculator
is part of the content language, like the functions of the expressions: the checker reads its
declaration, the session runs it with the bundle's rules in force.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Callable, Mapping

from imguide.core.content.expressions import BOOL, LIST, Type
from imguide.core.eligibility.rules import HE_PREP, IM_PROGRAMMES, RuleSet
from imguide.core.records import Record


class Calculator(Record):
    """A named computation: the answers it takes, the type it returns, the function."""

    inputs: Mapping[str, str]  # input name -> answer kinds it accepts ("grades", "date", "choice")
    result: Type
    compute: Callable[[Mapping[str, Any], RuleSet], Mapping[str, Any]]


def _as_bool(value: Any) -> bool:
    """A choice answered "yes" counts as true; anything else (no, don't know, skipped) as false."""
    return value is True or value == "yes"


def _unsure(value: Any) -> bool:
    """A choice answered "I don't know"."""
    return value in ("unsure", "dont_know")


def _eligibility(inputs: Mapping[str, Any], rules: RuleSet) -> Mapping[str, Any]:
    # imported when a session computes: `imguide check` reads only the declarations below
    from imguide.core.eligibility.evaluate import EligibilityInput, evaluate

    result = evaluate(
        EligibilityInput(
            grades=inputs.get("grades") or None,
            born=inputs.get("born"),
            start=inputs.get("start"),
            # "registered": is the pupil folkbokförd? "no" puts the before-18 rule in force
            not_registered=inputs.get("registered") == "no",
            newly_arrived=_as_bool(inputs.get("newly_arrived")),
            maybe_newly_arrived=_unsure(inputs.get("newly_arrived")),
        ),
        rules,
    )
    return MappingProxyType(
        {
            "vocational": result.vocational,
            "imv": result.imv,
            "programmes": MappingProxyType(dict(result.programmes)),
            "im_programmes": list(result.im_programmes),
            "age_ok": result.age_ok,
            "notes": list(result.notes),
            "missing_vocational": list(result.missing.get("vocational", [])),
            "missing_imv": list(result.missing.get("IMV", [])),
            "missing": MappingProxyType({k: list(v) for k, v in result.missing.items()}),
            "rules_valid_from": result.rules_valid_from,
            "result": result,
        }
    )


_ELIGIBILITY_FIELDS = {
    "vocational": BOOL,
    "imv": BOOL,
    "programmes": Type("record", fields={code: BOOL for code in HE_PREP}),
    "im_programmes": Type("keys", keys=frozenset(IM_PROGRAMMES), origin="im_programmes"),
    "age_ok": BOOL,
    "notes": LIST,
    "missing_vocational": LIST,
    "missing_imv": LIST,
}

CALCULATORS: dict[str, Calculator] = {
    "eligibility": Calculator(
        inputs={
            "grades": "grades",
            "born": "date",
            "start": "date",
            "registered": "choice",
            "newly_arrived": "choice",
        },
        result=Type("record", fields=_ELIGIBILITY_FIELDS),
        compute=_eligibility,
    )
}
