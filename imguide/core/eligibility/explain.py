"""Plain Swedish sentences that explain an EligibilityResult to a 15-year-old.

Why a separate module: the engine returns codes so tools and tests can rely on them; the words live
here, all behind a translator ``t`` so Babel can extract them. Swedish is the source language, so
every msgid is the Swedish sentence. Where FACTS.md says the matter is local or uncertain, the
sentence ends with "Fråga din SYV".
"""

from __future__ import annotations

from imguide.core.eligibility.evaluate import EligibilityResult
from imguide.core.eligibility.grading import SUBJECT_NAMES
from imguide.core.eligibility.rules import HE_PREP
from imguide.core.i18n.translator import Translator
from imguide.core.i18n.translator import pgettext_marker as pgettext  # a name Babel extracts

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
    if result.vocational:
        lines = [t.gettext("Du är behörig till yrkesprogrammen.")]
    else:
        lines = [
            t.gettext("Du är inte behörig till yrkesprogrammen än."),
            t.gettext("Du behöver godkänt betyg (E eller högre) i %(missing)s.")
            % {"missing": missing_text(result.missing["vocational"], t)},
        ]
    open_to = [programme_name(p, t) for p in HE_PREP if result.programmes.get(p)]
    if open_to:
        lines.append(t.gettext("Du är behörig till %(programmes)s.") % {"programmes": t.join(open_to)})
    groups: dict[tuple[str, ...], list[str]] = {}
    for p in HE_PREP:
        if not result.programmes.get(p):
            groups.setdefault(tuple(result.missing.get(p, [])), []).append(programme_name(p, t))
    for tokens, names in groups.items():
        lines.append(
            t.gettext("För %(programmes)s saknas godkänt betyg i %(missing)s.")
            % {"programmes": t.join(names), "missing": missing_text(list(tokens), t)}
        )
    return lines


def _im(result: EligibilityResult, t: Translator) -> list[str]:
    lines = []
    if not result.vocational:
        if result.imv:
            lines.append(t.gettext("Du klarar kraven för programinriktat val (IMV)."))
        else:
            lines.append(
                t.gettext("För programinriktat val (IMV) saknas godkänt betyg i %(missing)s.")
                % {"missing": missing_text(result.missing["IMV"], t)}
            )
    names = [programme_name(code, t) for code in result.im_programmes]
    if len(names) == 1:
        lines.append(t.gettext("Ett introduktionsprogram som kan passa dig: %(name)s.") % {"name": names[0]})
    elif names:
        lines.append(
            t.gettext("Introduktionsprogram som kan passa dig, det första passar bäst: %(names)s.")
            % {"names": t.join(names)}
        )
    elif result.vocational:
        lines.append(t.gettext("Du behöver inte gå ett introduktionsprogram."))
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
    if code == "asylum_under_18":
        return [
            t.gettext(
                "Som asylsökande måste du börja innan du fyller 18. Det hinner du. När du har börjat får du gå klart. "
                "Efter 18 får du oftast inte byta till ett nationellt program. Fråga din SYV."
            )
        ]
    if code == "asylum_start_before_18":
        if result.age_ok is False:
            return [
                t.gettext(
                    "Som asylsökande måste du börja innan du fyller 18. Du är 18 eller äldre när du vill börja. "
                    "Då har du inte rätt att börja. Fråga din SYV vad du kan göra i stället."
                )
            ]
        return [t.gettext("Som asylsökande måste du börja gymnasiet innan du fyller 18.")]
    if code == "check_with_syv":
        return [t.gettext("Det här är en vägledning, inte ett beslut. Mycket bestäms av din kommun. Fråga din SYV.")]
    return []


def _age(result: EligibilityResult, t: Translator) -> list[str]:
    if result.age_ok is None:
        return [t.gettext("Vi vet inte när du är född eller när du ska börja. Därför har vi inte kollat åldern.")]
    if result.age_ok:
        return [t.gettext("Du är inte för gammal för att börja gymnasiet.")]
    return []  # the age notes say why it is too late


def explain(result: EligibilityResult, t: Translator) -> list[str]:
    """Short Swedish sentences (translated by `t`), most important first; the last one is about SYV."""
    lines = []
    if "no_grades" in result.notes:
        lines += _note("no_grades", result, t)
    lines += _national(result, t)
    lines += _im(result, t)
    lines += _age(result, t)
    for code in result.notes:
        if code != "no_grades":
            lines += _note(code, result, t)
    return lines
