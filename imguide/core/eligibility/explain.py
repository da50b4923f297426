"""Plain Swedish sentences that explain an EligibilityResult to a 15-year-old.

Why a separate module: the engine returns codes so tools and tests can rely on them; the words live
here, all behind a translator ``t`` so Babel can extract them. Swedish is the source language, so
every msgid is the Swedish sentence. Where FACTS.md says the matter is local or uncertain, the
sentence ends with "Fråga din SYV".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from imguide.core.eligibility.grading import SUBJECT_NAMES
from imguide.core.eligibility.rules import HE_PREP
from imguide.core.i18n.translator import Translator
from imguide.core.i18n.translator import pgettext_marker as pgettext  # a name Babel extracts

if TYPE_CHECKING:  # for the annotations: the checker reads subject names without the evaluation
    from imguide.core.eligibility.evaluate import EligibilityResult

PROGRAMME_NAMES: dict[str, str] = {
    "vocational": pgettext("programme", "yrkesprogrammen"),
    "EK": pgettext("programme", "Ekonomiprogrammet"),
    "ES": pgettext("programme", "Estetiska programmet"),
    "HU": pgettext("programme", "Humanistiska programmet"),
    "NA": pgettext("programme", "Naturvetenskapsprogrammet"),
    "SA": pgettext("programme", "Samhällsvetenskapsprogrammet"),
    "TE": pgettext("programme", "Teknikprogrammet"),
    "IMV": pgettext("programme", "programinriktat val (IMV)"),
    "IMY": pgettext("programme", "yrkesintroduktion (IMY)"),
    "IMA": pgettext("programme", "individuellt alternativ (IMA)"),
    "IMS": pgettext("programme", "språkintroduktion (IMS)"),
}


def subject_name(code: str, t: Translator) -> str:
    """The subject's name in the reader's language; unknown codes are shown as they are."""
    return t.pgettext("subject", SUBJECT_NAMES[code]) if code in SUBJECT_NAMES else code


def programme_name(code: str, t: Translator) -> str:
    """The programme's name in the reader's language; unknown codes are shown as they are."""
    return t.pgettext("programme", PROGRAMME_NAMES[code]) if code in PROGRAMME_NAMES else code


def _either(codes: list[str], t: Translator) -> str:
    return t.join([subject_name(code, t) for code in codes], style="or")


def missing_token_text(token: str, t: Translator) -> str:
    """One missing token ("SV", "EN|MA", "others:2") as words."""
    if token.startswith("others:"):
        n = int(token.split(":", 1)[1])
        return t.ngettext("%(n)d annat ämne", "%(n)d andra ämnen", n) % {"n": n}
    if "|" in token:
        return _either(token.split("|"), t)
    if token == "SV":  # svenska as a requirement is always "svenska or svenska som andraspråk"
        return _either(["SV", "SVA"], t)
    return subject_name(token, t)


def missing_text(tokens: list[str], t: Translator) -> str:
    """Turn missing tokens ("SV", "EN|MA", "others:2") into one phrase."""
    return t.join([missing_token_text(token, t) for token in tokens])


def _national(result: EligibilityResult, t: Translator) -> list[str]:
    """One short line for the vocational programmes, one for the higher-education-preparatory ones."""
    late = result.age_ok is False  # then what the grades are enough for is said conditionally
    if result.vocational:
        lines = [t.gettext("Yrkesprogram: dina betyg hade räckt, om du hade kunnat börja.") if late else t.gettext("Yrkesprogram: du är behörig.")]
    else:
        lines = [
            t.gettext("Yrkesprogram: du saknar godkänt betyg (E eller högre) i %(missing)s.")
            % {"missing": missing_text(result.missing["vocational"], t)}
        ]
    open_to = [programme_name(p, t) for p in HE_PREP if result.programmes.get(p)]
    if open_to and late:
        lines.append(
            t.gettext("Högskoleförberedande program: dina betyg hade räckt till %(programmes)s, om du hade kunnat börja.")
            % {"programmes": t.join(open_to)}
        )
    elif len(open_to) == len(HE_PREP):
        lines.append(t.gettext("Högskoleförberedande program: du är behörig till alla."))
    elif open_to:
        lines.append(t.gettext("Högskoleförberedande program: du är behörig till %(programmes)s.") % {"programmes": t.join(open_to)})
    else:
        closest = min(HE_PREP, key=lambda p: _cost(result.missing.get(p, [])))  # the first of equals
        lines.append(
            t.gettext("Högskoleförberedande program: du är inte behörig än. Närmast är %(programme)s, där saknas %(missing)s.")
            % {"programme": programme_name(closest, t), "missing": missing_text(result.missing.get(closest, []), t)}
        )
    return lines


def _cost(tokens: list[str]) -> int:
    return sum(int(t.split(":")[1]) if t.startswith("others:") else 1 for t in tokens)


def _im(result: EligibilityResult, t: Translator) -> list[str]:
    """One short line for IMV's entry rule, one for the introduction programmes that may fit."""
    lines = []
    if not result.vocational:
        if result.imv:
            lines.append(t.gettext("Programinriktat val (IMV): du klarar kraven."))
        else:
            lines.append(
                t.gettext("Programinriktat val (IMV): du saknar godkänt betyg i %(missing)s.")
                % {"missing": missing_text(result.missing["IMV"], t)}
            )
    names = [programme_name(code, t) for code in result.im_programmes]
    if result.vocational and names:  # IMV only, as a way on to a higher-education-preparatory programme
        lines.append(t.gettext("Introduktionsprogram: bara IMV, som en väg mot ett högskoleförberedande program."))
    elif names:
        # in the law's own order: the law ranks none of them above the others
        lines.append(t.gettext("Introduktionsprogram som kan passa dig: %(names)s.") % {"names": t.join(names)})
    elif result.vocational and result.age_ok is not False:
        lines.append(t.gettext("Introduktionsprogram: du behöver inget, eftersom du är behörig till ett yrkesprogram."))
    return lines


def _note(code: str, result: EligibilityResult, t: Translator) -> list[str]:
    if code == "no_grades":
        return [t.gettext("Vi vet inte dina svenska betyg. Därför ser det ut som att allt saknas.")]
    if code == "dash_is_not_a_grade":
        return [t.gettext("Ett streck (-) är inget betyg. Det räknas inte som godkänt.")]
    if code == "both_sv_and_sva":
        return [t.gettext("Du har betyg i både svenska och svenska som andraspråk. Det bästa räknas, som ett ämne.")]
    if code == "english_exemption":
        names = t.join([programme_name(p, t) for p in result.english_exemption_for])
        return [
            t.gettext("Det är bara engelska som saknas för %(programmes)s.") % {"programmes": names},
            t.gettext(
                "Ibland kan man få dispens i engelska, till exempel om man kom till Sverige sent. "
                "Det är ovanligt. Dispens finns inte för introduktionsprogram. Fråga din SYV."
            ),
        ]
    if code == "imv_for_he_prep":
        return [
            t.gettext(
                "Vill du gå ett högskoleförberedande program? Då kan programinriktat val (IMV) hjälpa "
                "dig att läsa in ämnena som saknas. Fråga din SYV."
            )
        ]
    if code == "ims_if_newly_arrived":
        return [t.gettext("Språkintroduktion (IMS) är för nyanlända. Vet du inte om du är nyanländ? Fråga din SYV.")]
    if code == "age_limit_passed":
        return [
            t.gettext(
                "Du måste börja gymnasiet senast på våren det år du fyller 20. När du vill börja är det för sent."
            ),
            t.gettext("Från den 1 juli det år du fyller 20 kan du läsa på komvux i stället. Fråga din SYV."),
        ]
    if code == "complete_after_20":
        return [
            t.gettext(
                "Du fyller 20 medan du kanske går kvar i skolan. Har du börjat får du gå klart, också efter 20. "
                "Att byta till ett nationellt program efter våren det år du fyller 20 går oftast inte. Fråga din SYV."
            )
        ]
    # the codes say "asylum" (a contract); the rule binds everyone not folkbokförd
    if code == "asylum_under_18":
        return [
            t.gettext(
                "Den som inte är folkbokförd måste börja innan 18 års ålder. Det hinner du. När du har börjat "
                "får du gå klart. Efter 18 får du oftast inte byta till ett nationellt program. Fråga din SYV."
            )
        ]
    if code == "asylum_start_before_18":
        if result.age_ok is False:
            return [
                t.gettext(
                    "Den som inte är folkbokförd måste börja innan 18 års ålder. Du är 18 eller äldre när du vill "
                    "börja. Då har du inte rätt att börja. Fråga din SYV vad du kan göra i stället."
                )
            ]
        return [t.gettext("Den som inte är folkbokförd måste börja gymnasiet innan 18 års ålder.")]
    if code == "check_with_syv":
        return [t.gettext("Det här är en vägledning, inte ett beslut. Mycket bestäms av din kommun. Fråga din SYV.")]
    return []


def _age(result: EligibilityResult, t: Translator) -> list[str]:
    if result.age_ok is None:
        return [t.gettext("Ålder: vi vet inte när du är född eller när du ska börja, så vi har inte kollat den.")]
    if result.age_ok:
        return [t.gettext("Ålder: du är inte för gammal för att börja gymnasiet.")]
    return []  # the age notes say why it is too late


def explain(result: EligibilityResult, t: Translator) -> list[str]:
    """Short lines (translated by `t`): one per programme group, then age, then what to know;
    the last one is about the SYV."""
    # When it is too late to start, that comes first: everything after it depends on it.
    first = ["no_grades"] + (["age_limit_passed", "asylum_start_before_18"] if result.age_ok is False else [])
    lines = []
    for code in first:
        if code in result.notes:
            lines += _note(code, result, t)
    lines += _national(result, t)
    lines += _im(result, t)
    lines += _age(result, t)
    for code in result.notes:
        if code not in first:
            lines += _note(code, result, t)
    return lines
