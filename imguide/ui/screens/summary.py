"""The summary: everything marked for the intake export, grouped by topic, each answer editable
or removable before the family exports it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from imguide.core.render import format_answer, resolve
from imguide.ui.screens.base import close
from imguide.ui.widgets.footer import QuietFooter
from imguide.ui.widgets.lang import N_, _, active, lazy

if TYPE_CHECKING:
    from imguide.ui.app import GuideApp

TOPICS = {
    "about": N_("Om dig"),
    "situation": N_("Din situation"),
    "grades": N_("Betyg"),
    "newcomer": N_("Ny i Sverige"),
    "interests": N_("Intressen"),
    "goals": N_("Mål"),
    "strengths": N_("Det du är bra på"),
    "difficulties": N_("Det som har varit svårt"),
    "support": N_("Stöd som hjälper"),
    "languages": N_("Språk"),
    "schooling": N_("Skolgång"),
    "meeting_wishes": N_("Önskemål om mötet"),
    "questions": N_("Frågor"),
}


def topic_title(topic: str) -> str:
    return _(TOPICS[topic]) if topic in TOPICS else topic


class EntryButton(Button):
    def __init__(self, label: str, node_id: str, action: str, visit: int = 0) -> None:
        super().__init__(Content(label), compact=True, classes=action)
        self.node_id = node_id
        self.visit = visit  # which time a loop brought the path to the question
        self.action_name = action


class SummaryScreen(Screen[tuple[str, int] | None]):
    """Dismisses with the (node id, visit) of an answer to change in the chat, or None."""

    AUTO_FOCUS = None
    BINDINGS = [
        Binding("escape", "close", lazy(N_("Tillbaka")), show=True),
        Binding("ctrl+e", "export", lazy(N_("Exportera")), show=True),
    ]

    def __init__(self) -> None:
        super().__init__(id="summary")

    @property
    def guide(self) -> "GuideApp":
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Sammanfattning")), id="summary-title", classes="screen-title")
        yield Static(Content(_("Det här tas med till mötet. Du kan ändra eller ta bort svar innan du exporterar.")), classes="hint")
        yield VerticalScroll(id="summary-list")
        with Horizontal(classes="button-row", id="summary-buttons"):
            yield Button(Content(_("Exportera")), compact=True, id="export", variant="primary")
            yield Button(Content(_("Tillbaka till samtalet")), compact=True, id="close")
        yield Static("", id="export-status")
        yield QuietFooter(compact=True)

    def on_mount(self) -> None:
        self.fill()

    async def language_changed(self) -> None:
        """The language was switched while the summary is open: say it all again."""
        await self.recompose()
        self.fill()

    def fill(self) -> None:
        """List the exported answers again (after a removal too)."""
        listing = self.query_one("#summary-list", VerticalScroll)
        listing.remove_children()
        session = self.guide.session
        t = active()
        state = session.state
        groups: dict[str, list] = {}
        for step in session.exported():
            groups.setdefault(step.node.export or "", []).append(step)
        widgets = []
        if not groups:
            widgets.append(Static(Content(_("Inga svar att exportera ännu.")), classes="summary-empty"))
        for topic, steps in groups.items():
            widgets.append(Static(Content(topic_title(topic)), classes="summary-topic"))
            for step in steps:
                question = resolve(self.guide.bundle, step.node, t, state.values).text
                answer = format_answer(self.guide.bundle, step.node, step.answer.value, t)
                row = Vertical(
                    Static(Content(question), classes="summary-question"),
                    Static(Content.assemble(("→ ", "bold"), answer), classes="summary-answer"),
                    Horizontal(
                        EntryButton(_("Ändra"), step.node.id, "edit", step.visit),
                        EntryButton(_("Ta bort"), step.node.id, "remove", step.visit),
                        classes="summary-actions",
                    ),
                    classes="summary-entry",
                )
                widgets.append(row)
        listing.mount_all(widgets)
        first = self.query(EntryButton)
        self.call_after_refresh(lambda: (first.first().focus() if first else self.query_one("#close", Button).focus()))

    @property
    def node_ids(self) -> list[str]:
        return [step.node.id for step in self.guide.session.exported()]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button
        if isinstance(button, EntryButton):
            if button.action_name == "edit":
                close(self, (button.node_id, button.visit))
            else:
                node = self.guide.bundle.nodes[button.node_id]
                listed = len(self.node_ids)
                self.guide.session.remove(button.node_id, button.visit)
                self.fill()
                if not node.skippable:  # a required question: the chat will ask it again
                    message = _("Svaret är borttaget. Frågan ställs igen i samtalet.")
                    if len(self.node_ids) < listed - 1:
                        # The answers after it wait for it (the path from there depends on it);
                        # without this the reader would think they were lost too.
                        message += " " + _("Dina svar efter den är sparade och kommer tillbaka när du har svarat.")
                    self.query_one("#export-status", Static).update(Content(message))
        elif button.id == "export":
            self._export()
        elif button.id == "close":
            close(self, None)

    def action_close(self) -> None:
        close(self, None)

    def action_export(self) -> None:
        self._export()

    def _export(self) -> None:
        """Write the intake export into the outbox and say where it went and its pickup code."""
        from imguide.core.export import ExportError, export_for_meeting  # only needed when exporting

        status = self.query_one("#export-status", Static)
        try:
            result = export_for_meeting(self.guide.bundle, self.guide.session, active().code)
        except (ExportError, OSError) as error:  # a full disk or a broken template: say so, keep going
            status.update(Content(_("Exporten misslyckades: %(reason)s") % {"reason": str(error)}))
            return
        paths = ", ".join(str(path) for path in result.paths)
        text = _("Sparat: %(paths)s") % {"paths": paths}
        if result.pickup_code:
            text += " · " + _("Hämtkod: %(code)s") % {"code": result.pickup_code}
        status.update(Content(text))
