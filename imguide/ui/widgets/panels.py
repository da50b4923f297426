"""Which answer panel each node kind gets: the UI's one map from kinds (imguide.core.content.kinds)
to widgets. Panels are imported when a kind first needs one (start-up time counts)."""

from __future__ import annotations

from imguide.core.content.kinds import option_label
from imguide.core.engine.session import State
from imguide.core.i18n.translator import Translator
from imguide.ui.widgets.choices import AnswerPanel, ChoicePanel, MultiPanel, OutcomePanel


def _choice(state: State, t: Translator, **_) -> AnswerPanel:
    node = state.current
    options = [(option.key, option_label(node, option.key, t)) for option in node.options]
    return ChoicePanel(t, node.id, options, state.prefill, node.skippable)


def _multi(state: State, t: Translator, **_) -> AnswerPanel:
    node = state.current
    options = [(option.key, option_label(node, option.key, t)) for option in node.options]
    return MultiPanel(t, node.id, options, state.prefill, node.skippable)


def _grades(state: State, t: Translator, **_) -> AnswerPanel:
    from imguide.ui.widgets.grades import GradesPanel

    node = state.current
    return GradesPanel(t, node.id, list(node.subjects), state.prefill, node.skippable)


def _typed(state: State, t: Translator, draft: str | None = None, health_words: tuple[str, ...] = ()) -> AnswerPanel:
    from imguide.ui.widgets.text_answer import TextAnswerPanel

    node = state.current
    return TextAnswerPanel(
        t, node.id, node.kind, node.max_length, state.prefill, node.skippable, draft=draft, visit=state.visit, health_words=health_words
    )


PANELS = {"choice": _choice, "multi": _multi, "grades": _grades, "text": _typed, "number": _typed, "date": _typed}


def make_panel(state: State, t: Translator, draft: str | None = None, health_words: tuple[str, ...] = ()) -> AnswerPanel:
    """The panel for what the state waits for: the current question's (with what the user had
    typed there before leaving it, if anything), or the outcome's buttons."""
    if state.current is None:
        return OutcomePanel(t)
    return PANELS[state.current.kind](state, t, draft=draft, health_words=health_words)
