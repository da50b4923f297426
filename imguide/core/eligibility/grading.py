"""The grading scale and the subjects of Swedish compulsory school, and the one parser for grades
as people write them ("SV=E, en=c", a typographic dash for "-").

Every part of the guide (the rules, answers, expressions, the checker, the grades table, the
explanation) takes subjects, names and grades from here.
"""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple

# imported as pgettext, one of the names Babel extracts by default
from imguide.core.i18n.translator import N_, TranslatableError
from imguide.core.i18n.translator import pgettext_marker as pgettext


class EligibilityError(TranslatableError):
    """Bad grades, dates or rules given to the eligibility engine: one line that names the token."""


class Subject(NamedTuple):
    code: str
    name: str  # Swedish, a msgid in the "subject" context


SUBJECTS: tuple[Subject, ...] = (
    Subject("SV", pgettext("subject", "svenska")),
    Subject("SVA", pgettext("subject", "svenska som andraspråk")),
    Subject("EN", pgettext("subject", "engelska")),
    Subject("MA", pgettext("subject", "matematik")),
    Subject("BI", pgettext("subject", "biologi")),
    Subject("FY", pgettext("subject", "fysik")),
    Subject("KE", pgettext("subject", "kemi")),
    Subject("TK", pgettext("subject", "teknik")),
    Subject("GE", pgettext("subject", "geografi")),
    Subject("HI", pgettext("subject", "historia")),
    Subject("RE", pgettext("subject", "religionskunskap")),
    Subject("SH", pgettext("subject", "samhällskunskap")),
    Subject("BL", pgettext("subject", "bild")),
    Subject("HKK", pgettext("subject", "hem- och konsumentkunskap")),
    Subject("IDH", pgettext("subject", "idrott och hälsa")),
    Subject("MU", pgettext("subject", "musik")),
    Subject("SL", pgettext("subject", "slöjd")),
    Subject("M1", pgettext("subject", "moderna språk (språkval)")),
    Subject("M2", pgettext("subject", "moderna språk (elevens val)")),
    Subject("ML", pgettext("subject", "modersmål")),
)
SUBJECT_CODES: tuple[str, ...] = tuple(subject.code for subject in SUBJECTS)
SUBJECT_NAMES: dict[str, str] = {subject.code: subject.name for subject in SUBJECTS}
# The subjects of a full grade sheet in year 9, without the alternatives (SVA, M2, ML)
CORE_SUBJECTS: tuple[str, ...] = ("SV", "EN", "MA", "BI", "FY", "KE", "TK", "GE", "HI", "RE", "SH", "BL", "HKK", "IDH", "MU", "SL")

GRADES: tuple[str, ...] = ("A", "B", "C", "D", "E", "F", "-")
PASSING: frozenset[str] = frozenset("ABCDE")
# Real grade sheets and keyboards write "-" (no grade) with other dashes.
DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")


def grade_letter(raw: Any) -> str:
    """A grade as the scale writes it: "a" is A, "–" is "-". EligibilityError if it is none."""
    text = str(raw).strip()
    letter = text.translate(DASHES).upper()
    if letter not in GRADES:
        raise EligibilityError(N_("'%(grade)s' är inget betyg. Använd A–F eller streck (-)."), grade=text)
    return letter


def subject_code(raw: Any, allowed: tuple[str, ...] = SUBJECT_CODES) -> str:
    text = str(raw).strip()
    code = text.upper()
    if code not in allowed:
        raise EligibilityError(N_("Ämnet '%(subject)s' finns inte i listan."), subject=text)
    return code


def parse_grades(raw: str | Mapping[Any, Any] | None, allowed: tuple[str, ...] = SUBJECT_CODES) -> dict[str, str]:
    """Grades from text ("SV=E, en=c, MA=–") or a mapping, checked against the scale and the
    subjects allowed. A mapping may leave a subject empty (not answered); text may end in a
    comma. Raises EligibilityError naming the bad token."""
    if raw is None:
        return {}
    if isinstance(raw, str):
        pairs = []
        for token in raw.split(","):
            pair = token.strip()
            if not pair:
                continue
            code, sep, grade = pair.partition("=")
            if not sep or "=" in grade or not code.strip() or not grade.strip():
                raise EligibilityError(N_("'%(pair)s' går inte att läsa. Skriv betygen som ÄMNE=BETYG, till exempel EN=C."), pair=pair)
            pairs.append((code, grade))
    elif isinstance(raw, Mapping):
        pairs = [(code, grade) for code, grade in raw.items() if grade is not None and str(grade).strip()]
    else:
        raise EligibilityError(N_("Skriv betygen som ÄMNE=BETYG, till exempel EN=C."))
    grades: dict[str, str] = {}
    for raw_code, raw_grade in pairs:
        code = subject_code(raw_code, allowed)
        if code in grades:
            raise EligibilityError(N_("Ämnet '%(subject)s' finns två gånger."), subject=str(raw_code).strip())
        grades[code] = grade_letter(raw_grade)
    return grades


def passed(grades: Mapping[str, str], subject: str) -> bool:
    return grades.get(subject.upper()) in PASSING
