"""The chat: choosing by number key and by click, typing with a counter and a limit, control
characters stripped, grades by keyboard and mouse, multi choices, glossary terms, progress."""

from __future__ import annotations

from textual import events
from textual.geometry import Region
from textual.widgets import Input

from imguide.core.engine.resolve import resolve, term_explanation
from conftest import t as translator
from imguide.ui.app import GuideApp
from imguide.ui.screens.chat import ChatScreen
from imguide.ui.widgets.bubble import AnswerBubble
from imguide.ui.widgets.choices import ChoiceButton, MultiPanel, OptionToggle
from imguide.ui.widgets.grades import GradesTable
from imguide.ui.widgets.progress import ProgressLine
from imguide.ui.widgets.text_answer import TextAnswerPanel

from test_ui_support import SIZE, answers, bubble_widgets, bubbles, bundle, chat, click, current, mash, settle, typed, wait_for


def sv(node_id: str, state=None) -> str:
    b = bundle()
    return resolve(b, b.nodes[node_id], translator("sv"), state.values if state else {}).text


async def test_opens_with_the_first_messages_and_the_first_question_focused():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        texts = bubbles(app, "assistant")
        assert texts[:3] == [sv("start_hello"), sv("start_privacy"), sv("start_who")]
        assert isinstance(app.focused, ChoiceButton)
        labels = [str(button.label) for button in app.screen.query(ChoiceButton)]
        assert labels[0] == "1 Jag är elev"


async def test_choose_by_number_key_shows_the_answer_and_the_next_question():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert answers(app) == {"start_who": "guardian"}
        assert bubbles(app, "user") == ["Jag är förälder eller vårdnadshavare"]
        assert bubbles(app, "assistant")[-1] == sv("start_topic")
        assert current(app).id == "start_topic"
        assert isinstance(app.focused, ChoiceButton)


async def test_choose_by_click():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        third = list(app.screen.query(ChoiceButton))[2]
        await click(pilot, third)
        await settle(pilot)
        assert answers(app) == {"start_who": "counsellor"}


async def test_number_key_out_of_range_does_nothing():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        assert answers(app) == {}
        assert current(app).id == "start_who"


async def _to_text_question(pilot, app) -> None:
    """intake: go to the first free-text question (answer the choices before it with 1)."""
    for _ in range(20):
        node = current(app)
        if node.kind == "text":
            return
        if node.kind == "multi":
            await pilot.press("1", "enter")
        else:
            await pilot.press("1")
        await settle(pilot)
    raise AssertionError("no text question reached")


async def test_text_answer_with_counter():
    app = GuideApp(lang="sv", flow="intake")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _to_text_question(pilot, app)
        node = current(app)
        assert isinstance(app.focused, Input)
        counter = app.screen.query_one("#counter")
        assert str(counter.render()) == f"0/{node.max_length}"
        await mash(pilot, typed("Jag vill bli snickare"))
        await settle(pilot)
        assert str(counter.render()) == f"21/{node.max_length}"
        await pilot.press("enter")
        await settle(pilot)
        assert answers(app)[node.id] == "Jag vill bli snickare"
        assert bubbles(app, "user")[-1] == "Jag vill bli snickare"
        assert current(app).id != node.id


async def test_a_paste_past_the_limit_is_cut_and_the_chat_says_so():
    app = GuideApp(lang="sv", flow="intake")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _to_text_question(pilot, app)
        node = current(app)
        limit = node.max_length
        app.focused.post_message(events.Paste("x" * (limit + 5)))
        await settle(pilot)
        assert len(app.focused.value) == limit  # cut at the limit...
        assert bubbles(app, "error")[-1] == f"Texten var för lång. Bara de första {limit} tecknen kom med."  # ...not silently
        counter = app.screen.query_one("#counter")
        assert str(counter.render()) == f"{limit}/{limit}" and counter.has_class("-full")
        await mash(pilot, ["y", "y"])  # typing on does not go past the limit either
        assert str(counter.render()) == f"{limit}/{limit}"
        await pilot.press("enter")
        await settle(pilot)
        assert answers(app)[node.id] == "x" * limit


async def test_repeated_refusals_leave_one_line_not_a_pile():
    app = GuideApp(lang="sv", flow="fit")
    app.session.answer("fit_grades_known", "no_swedish")
    app.session.answer("fit_newly_arrived", "yes")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(3):
            await mash(pilot, ["ctrl+u"])
            await pilot.press("ctrl+u")
            await mash(pilot, [*"2010-13-40", "enter"])
        assert bubbles(app, "error") == ["Det datumet finns inte. Kontrollera månad och dag."]


async def test_control_characters_and_escape_sequences_are_removed():
    app = GuideApp(lang="sv", flow="intake")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _to_text_question(pilot, app)
        node = current(app)
        app.focused.post_message(events.Paste("Hej\x1b[31m röd\x07\x00 text\x1b]0;titel\x07!"))
        await settle(pilot)
        assert app.focused.value == "Hej röd text!"
        await pilot.press("enter")
        await settle(pilot)
        assert answers(app)[node.id] == "Hej röd text!"
        assert "\x1b" not in "".join(bubbles(app))


async def test_skip_a_skippable_question():
    app = GuideApp(lang="sv", flow="intake")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _to_text_question(pilot, app)
        node = current(app)
        assert node.skippable
        skip = app.screen.query_one(TextAnswerPanel).query_one(".skip")
        await click(pilot, skip)
        await settle(pilot)
        assert answers(app)[node.id] is None
        assert bubbles(app, "user")[-1] == "(hoppade över)"


async def _to_grades(pilot, app) -> None:
    await pilot.press("1")  # fit_grades_known: yes
    await settle(pilot)
    assert current(app).kind == "grades"


async def test_grades_by_keyboard():
    app = GuideApp(lang="sv", flow="fit")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _to_grades(pilot, app)
        table = app.focused
        assert isinstance(table, GradesTable)
        # SV=C, skip SVA, EN=b (lower case works), MA=-, then fix MA with up + E
        await pilot.press("c", "down", "b", "minus", "up", "e")
        await settle(pilot)
        assert table.value == {"SV": "C", "EN": "B", "MA": "E"}
        await pilot.press("down", "backspace")  # nothing to clear on BI: still fine
        await pilot.press("enter")
        await settle(pilot)
        assert answers(app)["fit_grades"] == {"SV": "C", "EN": "B", "MA": "E"}
        assert bubbles(app, "user")[-1] == "svenska C, engelska B, matematik E"


async def test_grades_by_mouse():
    app = GuideApp(lang="sv", flow="fit")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await _to_grades(pilot, app)
        table = app.screen.query_one(GradesTable)
        # row 0 is svenska; the grade columns follow the subject column
        subject_width = table.columns[table.ordered_columns[0].key].get_render_width(table)
        a_width = table.columns[table.ordered_columns[1].key].get_render_width(table)
        x = subject_width + a_width + 1  # the middle of column B
        await click(pilot, table, offset=(x, 1))
        await settle(pilot)
        assert table.value == {"SV": "B"}
        send = app.screen.query_one(".grades-panel .send")
        await click(pilot, send)
        await settle(pilot)
        assert answers(app)["fit_grades"] == {"SV": "B"}


async def test_grades_can_be_left_empty():
    app = GuideApp(lang="sv", flow="fit")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _to_grades(pilot, app)
        await pilot.press("enter")
        await settle(pilot)
        assert answers(app)["fit_grades"] == {}
        assert bubbles(app, "user")[-1] == "inga betyg ifyllda"


async def test_multi_by_number_keys_space_and_enter():
    app = GuideApp(lang="sv", flow="im_programmes")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert current(app).kind == "multi"
        panel = app.screen.query_one(MultiPanel)
        await pilot.press("2", "4")
        await settle(pilot)
        assert panel.selected == ["imy", "ims"]
        await pilot.press("4")  # untick
        assert panel.selected == ["imy"]
        toggles = list(panel.query(OptionToggle))
        toggles[0].focus()
        await pilot.press("space")
        await settle(pilot)
        assert panel.selected == ["imv", "imy"]
        await pilot.press("enter")
        await settle(pilot)
        assert answers(app)["im_programmes_topic"] == ["imv", "imy"]


async def test_multi_below_the_minimum_is_refused_in_the_chat():
    app = GuideApp(lang="sv", flow="im_programmes")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "im_programmes_topic" not in answers(app)
        assert bubbles(app, "error")[-1] == "Välj minst 1."


async def test_glossary_term_explained_in_place_by_click_and_by_key():
    app = GuideApp(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        b = bundle()
        privacy = next(w for w in bubble_widgets(app, "assistant") if w.node_id == "start_privacy")
        assert "personnummer" in privacy.terms
        explanation = term_explanation(b, "personnummer", translator("sv"))
        # by keyboard: ctrl+g focuses the terms bar, Enter opens the first term in its bubble
        await pilot.press("ctrl+g")
        await settle(pilot)
        term = app.focused.term
        await pilot.press("enter")
        await settle(pilot)
        owner = next(w for w in bubble_widgets(app, "assistant") if term in w.terms)
        assert term_explanation(b, term, translator("sv")) in owner.plain
        # by mouse: click the highlighted word itself
        privacy.scroll_visible(animate=False)
        await settle(pilot)
        column = privacy.plain.index("personnummer") + 3  # border and padding come first
        await click(pilot, privacy, offset=(column, 0))
        await settle(pilot)
        assert explanation in privacy.plain
        await click(pilot, privacy, offset=(column, 0))  # a second click closes it
        await settle(pilot)
        assert explanation not in privacy.plain


async def test_progress_line_names_the_flow_and_counts_questions():
    app = GuideApp(lang="sv", flow="fit")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one(ProgressLine).render())
        assert line.startswith("Vad passar mig? · fråga 1 av ungefär ")
        await pilot.press("1")
        await settle(pilot)
        line = str(app.screen.query_one(ProgressLine).render())
        assert "fråga 2 av ungefär" in line


async def test_local_profile_entries_show_under_their_message_marked_as_example():
    from pathlib import Path

    from imguide.core.content.loader import load_bundle
    import imguide

    profile = Path(imguide.__file__).parent / "content" / "profiles" / "example"
    with_profile = load_bundle(profile=profile)
    app = GuideApp(lang="sv", flow="after_im", bundle=with_profile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")  # a national programme: a message with local application dates
        await settle(pilot)
        bubble = next(b for b in bubble_widgets(app, "assistant") if b.node_id == "after_im_national")
        entry = with_profile.profile.entries_for("application_dates")[0]
        assert "Exempel: " + entry.text in bubble.plain
        assert entry.url in bubble.plain


async def test_no_profile_no_local_lines():
    app = GuideApp(lang="sv", flow="after_im")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        bubble = next(b for b in bubble_widgets(app, "assistant") if b.node_id == "after_im_national")
        assert bubble.message == resolve(bundle(), bundle().nodes["after_im_national"], translator("sv"), app.session.state.values).text


def _long_bundle(tmp_path, count: int = 40):
    from imguide.core.content.loader import load_bundle

    lines = ["format: 1", "id: long", "title: Lång", "start: long_q0", "nodes:"]
    for i in range(count):
        nxt = f"long_q{i + 1}" if i + 1 < count else "long_done"
        lines += [
            f"  - id: long_q{i}", "    kind: choice", f"    text: Fråga {i}?",
            "    options:", "      - key: a", "        label: A", "      - key: b", "        label: B",
            f"    next: {nxt}",
        ]
    lines += ["  - id: long_done", "    kind: outcome", "    text: Klart."]
    (tmp_path / "long.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_bundle([tmp_path])


async def test_long_conversation_keeps_the_latest_live_and_shows_earlier_on_request(tmp_path):
    from imguide.ui.widgets.transcript import CHUNK, VISIBLE_CHUNKS

    app = GuideApp(lang="sv", flow="long", bundle=_long_bundle(tmp_path))
    for i in range(35):
        app.session.answer(f"long_q{i}", "a")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        transcript = chat(app).transcript
        assert transcript.entry_count == 71
        assert transcript.live_count <= CHUNK * VISIBLE_CHUNKS
        earlier = app.screen.query_one("#earlier")
        assert earlier.display
        await pilot.press("1")
        await settle(pilot)
        assert bubbles(app, "user")[-1] == "A" and current(app).id == "long_q36"
        while earlier.display:
            transcript.show_earlier()
            await settle(pilot)
        assert transcript.live_count == transcript.entry_count
        # brought back above the ones shown, in the conversation's order
        shown = [child.node_id for child in transcript.children if isinstance(child, AnswerBubble) and child.display]
        assert shown == [f"long_q{i}" for i in range(36)]
        first = next(b for b in bubble_widgets(app, "user") if b.node_id == "long_q0")
        first.scroll_visible(animate=False)
        await settle(pilot)
        await click(pilot, first)
        await settle(pilot)
        assert current(app).id == "long_q0"
        await pilot.press("2")
        await settle(pilot)
        assert answers(app)["long_q0"] == "b" and current(app).id == "long_q36"
        assert len([k for k, v in answers(app).items() if v == "a"]) == 35


async def test_a_date_the_core_refuses_gets_its_reason_in_the_chat():
    app = GuideApp(lang="sv", flow="fit")
    app.session.answer("fit_grades_known", "no_swedish")
    app.session.answer("fit_newly_arrived", "yes")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert current(app).id == "fit_birth_date"
        assert isinstance(app.focused, Input)
        await mash(pilot, [*"2010-13-40", "enter"])
        await settle(pilot)
        assert "fit_birth_date" not in answers(app)
        assert bubbles(app, "error")[-1] == "Det datumet finns inte. Kontrollera månad och dag."
        await pilot.press("ctrl+u")
        await mash(pilot, [*"2010-05-14", "enter"])
        await settle(pilot)
        assert str(answers(app)["fit_birth_date"]) == "2010-05-14"
        assert bubbles(app, "error") == []  # the error line goes once the answer is taken


async def test_where_a_message_comes_from_by_key_and_by_click():
    app = GuideApp(lang="en", flow="fit")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1")  # yes, I know my grades: a message that rests on facts follows
        await settle(pilot)
        b = bundle()
        sourced = [w for w in bubble_widgets(app, "assistant") if b.nodes[w.node_id].sources]
        assert sourced and all(w.plain.endswith("Source") for w in sourced)  # a quiet mark, in the language
        unsourced = [w for w in bubble_widgets(app, "assistant") if not b.nodes[w.node_id].sources]
        assert unsourced and not any(w.plain.endswith("Source") for w in unsourced)
        await pilot.press("f3")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SourcesScreen", "the sources")
        node = b.nodes[sourced[-1].node_id]
        facts = [str(w.render()) for w in app.screen.query(".source-fact")]
        details = "\n".join(str(w.render()) for w in app.screen.query(".source-detail"))
        assert len(facts) == len(node.sources)
        fact = b.facts[node.sources[0]]
        source = b.sources[fact.source]
        assert source.title in details and (source.url or source.document) in details
        assert "Date:" in details and ("date unknown" in details if source.as_of is None else True)
        assert "Swedish" not in details and "uppgift" not in details  # how sure it is, in English
        await pilot.press("escape")
        await settle(pilot)
        first = sourced[0]
        first.scroll_visible(animate=False)
        await settle(pilot)
        lines = [strip.text for strip in first.render_lines(Region(0, 0, first.size.width, first.size.height))]
        row = next(i for i, line in enumerate(lines) if "Source" in line)
        await click(pilot, first, offset=(lines[row].rindex("Source") + 2, row))
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SourcesScreen", "the sources of the clicked message")
