"""The summary: a preview of the intake document (imguide.core.export.document), section by section
in the order and with the titles the export will have, each item editable or removable before the
family exports it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button

from imguide.core.export.document import ELIGIBILITY, Document, Section, build_document, glossary_item_id
from imguide.core.i18n.translator import N_, Translator
from imguide.ui.screens.base import close
from imguide.ui.widgets.footer import QuietFooter
from imguide.ui.widgets.stacked import StackedByOwnHeights
from imguide.ui.widgets.text import Text, TextButton, isolate

if TYPE_CHECKING:
    from imguide.ui.app import GuideApp


class EntryButton(TextButton):
    """"Change" or "remove" for one item of the document."""

    def __init__(self, label: str, t: Translator, item: str, action: str, node_id: str = "", visit: int = 0) -> None:
        super().__init__(label, t, compact=True, classes=action)
        self.item = item  # "answer", or the document item id it leaves out ("eligibility", "glossary:ID")
        self.node_id = node_id
        self.visit = visit  # which time a loop brought the path to the question
        self.action_name = action


# The export status is at least this many lines high (app.tcss), so that the pickup code, when
# it comes, repaints them instead of laying out the whole summary (hundreds of widgets) again.
STATUS_LINES = 3


class SummaryList(StackedByOwnHeights, VerticalScroll):
    """The answers, one entry each: not arranged again when only its height changes (the export
    status below it grows by a line or two when the pickup code is shown)."""


class SummaryScreen(Screen[tuple[str, int] | None]):
    """Dismisses with the (node id, visit) of an answer to change in the chat, or None."""

    AUTO_FOCUS = None
    BINDINGS = [
        Binding("escape", "close", N_("Tillbaka"), show=True),
        Binding("ctrl+e", "export", N_("Exportera"), show=True),
    ]

    def __init__(self) -> None:
        super().__init__(id="summary")
        self.document: Document | None = None
        self._document_of: tuple | None = None  # what the document was built from (`_reviewed`)

    @property
    def guide(self) -> "GuideApp":
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        t = self.guide.translator
        yield Text(t.gettext("Sammanfattning"), t, id="summary-title", classes="screen-title")
        yield Text(t.gettext("Det här tas med till mötet. Du kan ändra eller ta bort svar innan du exporterar."), t, classes="hint")
        yield SummaryList(id="summary-list")
        with Horizontal(classes="button-row", id="summary-buttons"):
            yield TextButton(t.gettext("Exportera"), t, compact=True, id="export", variant="primary")
            # always in its place (greyed out until there is an export to remove), so that the
            # first export does not lay the summary out again
            delete = TextButton(t.gettext("Ta bort min export"), t, compact=True, id="delete-export", variant="warning")
            delete.disabled = self.guide.export is None
            yield delete
            yield TextButton(t.gettext("Tillbaka till samtalet"), t, compact=True, id="close")
        yield Text("", t, id="export-status")
        yield QuietFooter(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "language", self._language_changed, init=False)
        self.fill()

    async def _language_changed(self, _code: str) -> None:
        """The language was switched while the summary is open: say it all again."""
        await self.recompose()
        self.fill()

    def fill(self) -> None:
        """List the document again (after a removal too)."""
        if not self.is_attached:
            return
        listing = self.query_one("#summary-list", VerticalScroll)
        listing.remove_children()
        t = self.guide.translator
        session = self.guide.session
        document = self.document = build_document(self.guide.bundle, session, self.guide.current_language)
        self._document_of = (session, session.state, dict(session.notes), set(session.omitted), self.guide.current_language)
        widgets: list[Widget] = []
        if not document.sections:
            widgets.append(Text(t.gettext("Inga svar att exportera ännu."), t, classes="summary-empty"))
        for section in document.sections:
            widgets.append(Text(section.title.fam, t, classes="summary-topic"))
            widgets += self._section(section, document, t)
        listing.mount_all(widgets)
        first = self.query(EntryButton)
        self.call_after_refresh(lambda: (first.first().focus() if first else self.query_one("#close", Button).focus()))

    def _section(self, section: Section, document: Document, t: Translator) -> list[Widget]:
        if section.kind == "answers" and section.topic is not None:
            note = section.topic.notes
            noted = [
                # the counsellor's note (staff mode), in Swedish as it goes into the export
                _entry(t, t.gettext("SYV:s anteckningar"), Content(note), EntryButton(t.gettext("Ta bort"), t, section.topic.topic, "remove_note"))
            ] if note else []
            return [
                _entry(
                    t,
                    item.question.fam,
                    Content.assemble(("← " if t.direction == "rtl" else "→ ", "bold"), item.answer.fam),
                    EntryButton(t.gettext("Ändra"), t, "answer", "edit", item.node, item.visit),
                    EntryButton(t.gettext("Ta bort"), t, "answer", "remove", item.node, item.visit),
                )
                for item in section.topic.answers
            ] + noted
        if section.kind == "eligibility" and document.eligibility is not None:
            lines = Content("\n").join([Content(line.fam) for line in document.eligibility.explanation])
            return [_entry(t, None, lines, EntryButton(t.gettext("Ta bort"), t, ELIGIBILITY, "omit"))]
        if section.kind == "sources":
            lines = [Content(f"{item.publisher}: {item.title} ({item.date.fam})") for item in document.sources]
            return [Text(Content("\n").join(lines), t, classes="summary-answer")]
        if section.kind == "glossary":
            return [
                _entry(t, item.term.fam, Content(item.explanation.fam), EntryButton(t.gettext("Ta bort"), t, glossary_item_id(item.id), "omit"))
                for item in document.glossary
            ]
        return []

    @property
    def node_ids(self) -> list[str]:
        return [step.node.id for step in self.guide.session.exported()]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button
        if isinstance(button, EntryButton):
            self._entry_pressed(button)
        elif button.id == "export":
            self._export()
        elif button.id == "delete-export":
            self._delete_export()
        elif button.id == "close":
            close(self, None)

    def _entry_pressed(self, button: EntryButton) -> None:
        session = self.guide.session
        t = self.guide.translator
        if button.action_name == "edit":
            close(self, (button.node_id, button.visit))
            return
        if button.action_name == "omit":
            session.omit(button.item)
            self.fill()
            return
        if button.action_name == "remove_note":
            session.note(button.item, "")
            self.fill()
            return
        node = self.guide.bundle.nodes[button.node_id]
        listed = len(self.node_ids)
        session.remove(button.node_id, button.visit)
        self.fill()
        if not node.skippable:  # a required question: the chat will ask it again
            message = t.gettext("Svaret är borttaget. Frågan ställs igen i samtalet.")
            if len(self.node_ids) < listed - 1:
                # The answers after it wait for it (the path from there depends on it);
                # without this the reader would think they were lost too.
                message += " " + t.gettext("Dina svar efter den är sparade och kommer tillbaka när du har svarat.")
            self._say(message)

    def action_close(self) -> None:
        close(self, None)

    def action_export(self) -> None:
        self._export()

    def _export(self) -> None:
        """Write the intake export into the outbox and say where it went and its pickup code."""
        from imguide.core.export.renderers import ExportError  # only needed when exporting
        from imguide.core.export.writer import export_for_meeting

        t = self.guide.translator
        earlier = self.guide.export
        try:
            result = export_for_meeting(
                self.guide.bundle,
                self.guide.session,
                self.guide.current_language,
                outbox=earlier.folder.parent if earlier is not None else self.guide.outbox,
                replace=earlier.pickup_code if earlier is not None else None,
                document=self._reviewed(),
            )
        except (ExportError, OSError) as error:  # a full disk or a broken template: say so, keep going
            self._say(t.gettext("Exporten misslyckades: %(reason)s") % {"reason": isolate(str(error), t)})
            return
        self.guide.exported(result)
        self.query_one("#delete-export").disabled = False
        # the first file in full, the others (in the same folder) by name: the message fits the
        # status lines at 80 columns for any usual outbox
        shown = [str(path) if index == 0 or path.parent != result.paths[0].parent else path.name for index, path in enumerate(result.paths)]
        paths = ", ".join(isolate(path, t) for path in shown)
        text = t.gettext("Sparat: %(paths)s") % {"paths": paths}
        if result.pickup_code:
            text += " · " + t.gettext("Hämtkod: %(code)s") % {"code": isolate(result.pickup_code, t)}
        self._say(text)

    def _reviewed(self) -> Document | None:
        """The document on screen, if the session is still what it was built from (the export
        then need not build it again), else None."""
        if self._document_of is None:
            return None
        session, state, notes, omitted, language = self._document_of
        guide = self.guide
        current = guide.session
        if session is current and state is current.state and notes == current.notes and omitted == current.omitted and language == guide.current_language:
            return self.document
        return None

    def _delete_export(self) -> None:
        t = self.guide.translator
        self.guide.delete_export()
        self.query_one("#delete-export").disabled = True
        self._say(t.gettext("Din export är borttagen."))

    def _say(self, text: str) -> None:
        """Show `text` under the buttons. The status is STATUS_LINES lines high at least: a
        message that leaves its height as it was only repaints them; one that needs more lines,
        or fewer after a longer one, lays the screen out (and a resize does, as for any text)."""
        status = self.query_one("#export-status", Text)
        status.update(text, layout=False)
        width = status.content_size.width
        needed = max(STATUS_LINES, status.get_content_height(status.size, status.size, width)) if width else None
        if needed != status.content_size.height:
            status.refresh(layout=True)


def _entry(t: Translator, heading: str | None, body: Content, *buttons: EntryButton) -> Vertical:
    parts: list[Widget] = []
    if heading:
        parts.append(Text(heading, t, classes="summary-question"))
    parts.append(Text(body, t, classes="summary-answer"))
    parts.append(Horizontal(*buttons, classes="summary-actions"))
    return Vertical(*parts, classes="summary-entry")
