"""Eligibility (*behörighet*) for the national programmes and the fit of the IM programmes.

Pure logic, no UI: the TUI, the CLI and the tests must all give the same answer. The rules are
dated data in ``imguide/content/rules/eligibility.yaml`` so that a law change is a data edit; the
content loader reads them into the bundle, and callers hand the rule set in force to ``evaluate``.

Counting (FACTS.md 2.1, 2.3)
    A-E pass; F is assessed but failed; ``-`` is no grade at all, so also not a pass. SVA counts as
    SV: given both, the better one counts and they are ONE subject. "Other subjects" for a target are
    passed subjects not already named by that target, so NA's BI, FY and KE are never also "others".

Missing tokens (``EligibilityResult.missing``)
    ``"EN"``: that subject must be passed (``"SV"`` means svenska or svenska som andraspråk).
    ``"EN|MA"``: one of these must be passed. ``"others:2"``: two more passed other subjects.
    For IMV the alternative closest to being met is shown (fewest subjects lacking; ties: the first).

IM programme fit (FACTS 1.2-1.7; listed in the law's own order IMV, IMY, IMA, IMS: it ranks none)
    * Eligible for a vocational programme: IM is not for eligible pupils (1.2), so none fits. The
      one exception (1.4, Stockholm's admission office): IMV also serves vocational-eligible pupils
      aiming at a higher-education-preparatory programme. It is named only when no such programme
      is already open to the pupil, with the note ``imv_for_he_prep``.
    * Otherwise IMV when its entry rule is met (1.4); IMY, whose only requirement is lacking
      vocational eligibility (1.5); IMA, the least regulated (1.6); IMS for newly arrived pupils
      (1.7), and for pupils who do not know whether they are when no Swedish grades tell (with the
      note ``ims_if_newly_arrived``).
    * Too late to start (age limit, section 3): nothing fits; komvux is the route instead.

Notes (``EligibilityResult.notes``, in this order)
    ``no_grades`` no Swedish grades given; ``dash_is_not_a_grade`` a "-" was given;
    ``both_sv_and_sva`` both given, counted once; ``english_exemption`` dispens MAY apply for the
    targets in ``english_exemption_for`` (never a yes: it also needs late arrival and a judgement);
    ``imv_for_he_prep`` see above; ``age_limit_passed`` start after 30 June of the year of 20;
    ``ims_if_newly_arrived`` IMS named for a pupil unsure whether they are newly arrived;
    ``asylum_under_18`` a pupil not folkbokförd (asylum seekers, temporary protection, ...) starting
    in time; ``asylum_start_before_18`` such a pupil who is 18 on the start day (age_ok False) or
    whose age is unknown (age_ok None) (the codes keep their first name: they are a contract);
    ``complete_after_20`` turns 20 within the usual 3 years on IM (a judgement of when to say it);
    ``check_with_syv`` last, whenever something depends on the municipality or a judgement.

Age (FACTS 2.2, 3)
    Start no later than 30 June of the year one turns 20. Pupils not folkbokförda (asylum seekers,
    temporary protection, some temporary permits, undocumented) must start before their 18th
    birthday: 18 on the start day is too late. Someone born 29 February turns a year older on
    1 March in a common year (a judgement; FACTS says nothing about it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from imguide.core.eligibility.ages import add_years, age_on
from imguide.core.eligibility.grading import PASSING, EligibilityError, parse_grades
from imguide.core.eligibility.rules import HE_PREP, IM_PROGRAMMES, NATIONAL_TARGETS, Requirement, RuleSet
from imguide.core.i18n.translator import N_

_YEARS_ON_IM = 3  # FACTS 1.2: most IM programmes last 1-3 years


# ---------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class EligibilityInput:
    """What the pupil tells us. No grades (None or {}) is a valid answer."""

    grades: Mapping[str, str] | None = None
    born: date | None = None
    start: date | None = None
    not_registered: bool = False  # not folkbokförd: asylum seekers, temporary protection, ...
    newly_arrived: bool = False
    maybe_newly_arrived: bool = False  # the pupil does not know: IMS is named where no grades tell


@dataclass(frozen=True)
class EligibilityResult:
    """The answer. `missing` and `notes` hold codes; explain.py turns them into sentences."""

    vocational: bool
    programmes: dict[str, bool]
    imv: bool
    im_programmes: list[str]
    age_ok: bool | None
    missing: dict[str, list[str]]
    notes: list[str]
    rules_valid_from: date
    english_exemption_for: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The CLI's --json contract: plain JSON types, dates as ISO strings."""
        return {
            "vocational": self.vocational,
            "programmes": dict(self.programmes),
            "imv": self.imv,
            "im_programmes": list(self.im_programmes),
            "age_ok": self.age_ok,
            "missing": {target: list(tokens) for target, tokens in self.missing.items()},
            "notes": list(self.notes),
            "rules_valid_from": self.rules_valid_from.isoformat(),
            "english_exemption_for": list(self.english_exemption_for),
        }


def passed_subjects(grades: Mapping[str, str], equivalents: Mapping[str, str]) -> frozenset[str]:
    """Codes with a pass, equivalents folded in (SVA passed means SV passed, once)."""
    return frozenset(equivalents.get(code, code) for code, grade in grades.items() if grade in PASSING)


def lacking(req: Requirement, passed: frozenset[str]) -> list[str]:
    """Missing tokens for one requirement; empty when it is met."""
    missing = [code for code in req.required if code not in passed]
    counted = set(req.required)
    if req.one_of:
        chosen = next((code for code in req.one_of if code in passed), None)
        if chosen is None:
            missing.append("|".join(req.one_of))
        else:
            counted.add(chosen)
    others = len(passed - counted)
    if others < req.others:
        missing.append(f"others:{req.others - others}")
    return missing


def _cost(tokens: list[str]) -> int:
    return sum(int(t.split(":")[1]) if t.startswith("others:") else 1 for t in tokens)


def last_start_day(born: date, rules: RuleSet) -> date:
    """The last day one may start (the end of the first half of the year one turns 20)."""
    return date(born.year + rules.age.turns, rules.age.month, rules.age.day)


def _age_check(inp: EligibilityInput, rules: RuleSet) -> tuple[bool | None, list[str]]:
    if inp.born is None or inp.start is None:
        return None, (["asylum_start_before_18"] if inp.not_registered else [])
    notes: list[str] = []
    ok = inp.start <= last_start_day(inp.born, rules)
    if not ok:
        notes.append("age_limit_passed")
    if inp.not_registered:
        under = age_on(inp.born, inp.start) < rules.age.asylum_before
        notes.append("asylum_under_18" if under else "asylum_start_before_18")
        ok = ok and under
    if ok and add_years(inp.born, rules.age.turns) < add_years(inp.start, _YEARS_ON_IM):
        notes.append("complete_after_20")
    return ok, notes


def _exemption_targets(passed: frozenset[str], rules: RuleSet) -> list[str]:
    rule = rules.english_exemption
    if rule.subject in passed or not set(rule.must_include) <= passed:
        return []
    targets = []
    for target, req in rules.national.items():
        without = Requirement(tuple(c for c in req.required if c != rule.subject), req.others, req.source)
        if not lacking(without, passed) and len(passed) >= rule.otherwise_passes[req.group]:
            targets.append(target)
    return targets


def _im_fit(vocational: bool, any_he_prep: bool, imv: bool, ims: bool) -> list[str]:
    """The IM programmes that may fit, in the order the law lists them (it ranks none)."""
    if vocational:
        return [] if any_he_prep else ["IMV"]
    fitting = {"IMV": imv, "IMY": True, "IMA": True, "IMS": ims}
    return [code for code in IM_PROGRAMMES if fitting[code]]


_SYV_NOTES = frozenset(
    {"no_grades", "english_exemption", "imv_for_he_prep", "age_limit_passed", "complete_after_20",
     "asylum_under_18", "asylum_start_before_18", "ims_if_newly_arrived"}
)  # fmt: skip


def evaluate(inp: EligibilityInput, rules: RuleSet) -> EligibilityResult:
    """Check every target against one rule set (see rules.rules_in_force)."""
    grades = parse_grades(inp.grades)
    if inp.born and inp.start and inp.born > inp.start:
        raise EligibilityError(
            N_("Födelsedagen %(born)s är efter starten %(start)s."), born=inp.born.isoformat(), start=inp.start.isoformat()
        )
    passed = passed_subjects(grades, rules.equivalents)
    missing = {target: lacking(rules.national[target], passed) for target in NATIONAL_TARGETS}
    imv_options = [lacking(alt, passed) for alt in rules.imv]
    missing["IMV"] = min(imv_options, key=_cost)  # min keeps the first of equals
    programmes = {p: not missing[p] for p in HE_PREP}
    vocational, imv = not missing["vocational"], not missing["IMV"]
    age_ok, age_notes = _age_check(inp, rules)
    exemption = _exemption_targets(passed, rules)

    notes: list[str] = []
    if not grades:
        notes.append("no_grades")
    if "-" in grades.values():
        notes.append("dash_is_not_a_grade")
    if any(code in grades and target in grades for code, target in rules.equivalents.items()):
        notes.append("both_sv_and_sva")
    if exemption:
        notes.append("english_exemption")
    # IMS is for the newly arrived; a pupil unsure of it and without grades to tell may be one
    ims = inp.newly_arrived or (inp.maybe_newly_arrived and not grades)
    im_programmes = [] if age_ok is False else _im_fit(vocational, any(programmes.values()), imv, ims)
    if "IMS" in im_programmes and not inp.newly_arrived:
        notes.append("ims_if_newly_arrived")
    if vocational and im_programmes:
        notes.append("imv_for_he_prep")
    notes += age_notes
    if im_programmes or _SYV_NOTES.intersection(notes):
        notes.append("check_with_syv")
    return EligibilityResult(
        vocational=vocational,
        programmes=programmes,
        imv=imv,
        im_programmes=im_programmes,
        age_ok=age_ok,
        missing=missing,
        notes=notes,
        rules_valid_from=rules.valid_from,
        english_exemption_for=exemption,
    )
