"""Eligibility rules as dated data: the types, and the choice of the rule set in force.

A law change is a data edit with a new `valid_from` in `imguide/content/rules/eligibility.yaml`;
the content loader reads and checks that file (coded diagnostics with file and line) into these
types, and the bundle carries them. The engine (evaluate.py) only reads a RuleSet.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Iterable, NamedTuple

from imguide.core.eligibility.grading import EligibilityError
from imguide.core.i18n.translator import N_
from imguide.core.records import Record

HE_PREP: tuple[str, ...] = ("EK", "ES", "HU", "NA", "SA", "TE")
NATIONAL_TARGETS: tuple[str, ...] = ("vocational", *HE_PREP)
TARGETS: tuple[str, ...] = (*NATIONAL_TARGETS, "IMV")
GROUPS: tuple[str, ...] = ("vocational", "he_prep")
IM_PROGRAMMES: tuple[str, ...] = ("IMV", "IMY", "IMA", "IMS")


class Requirement(NamedTuple):
    """One way to meet a target: named subjects, maybe one of a group, and a number of others."""

    required: tuple[str, ...]
    others: int
    source: str
    one_of: tuple[str, ...] = ()
    group: str = ""

    @property
    def total(self) -> int:
        return len(self.required) + (1 if self.one_of else 0) + self.others


class EnglishExemption(NamedTuple):
    """Dispens i engelska: what "otherwise eligible" means, per programme group."""

    subject: str
    otherwise_passes: Mapping[str, int]
    must_include: tuple[str, ...]
    source: str


class AgeRules(NamedTuple):
    """Latest start: a day in the year one turns `turns`; asylum seekers: before `asylum_before`."""

    turns: int
    month: int
    day: int
    asylum_before: int
    source: str
    asylum_source: str


class RuleSet(Record):
    """All eligibility rules in force from `valid_from`, read from one file."""

    valid_from: date
    national: Mapping[str, Requirement]
    imv: tuple[Requirement, ...]
    equivalents: Mapping[str, str]
    english_exemption: EnglishExemption
    age: AgeRules
    path: str = ""


def rules_in_force(rule_sets: Iterable[RuleSet], as_of: date | None = None) -> RuleSet:
    """The newest rule set in force on `as_of` (default today)."""
    day = as_of or date.today()
    ordered = sorted(rule_sets, key=lambda s: s.valid_from)
    in_force = [s for s in ordered if s.valid_from <= day]
    if not in_force:
        if not ordered:
            raise EligibilityError(N_("Det finns inga regler för behörighet."))
        raise EligibilityError(
            N_("Det finns inga regler för %(day)s: de tidigaste gäller från %(first)s."),
            day=day.isoformat(),
            first=ordered[0].valid_from.isoformat(),
        )
    return in_force[-1]
