"""Containers arranged once per change (imguide/ui/widgets/stacked.py): the arrangement they
reuse is the one Textual itself would make, and they do not reuse it where it could differ."""

from __future__ import annotations

from textual.app import App
from textual.containers import Vertical
from textual.widgets import Static

from imguide.ui.widgets.stacked import StackedByOwnHeights, has_own_height


class Stack(StackedByOwnHeights, Vertical):
    DEFAULT_CSS = "Stack { height: auto; } Stack > Static { margin-bottom: 1; }"


def placements(arrangement) -> list:
    return [(placement.widget, placement.region) for placement in arrangement.placements]


async def test_the_reused_arrangement_is_the_one_textual_makes_at_any_height():
    class Demo(App):
        def compose(self):
            yield Stack(*[Static(f"message {n} " * (n + 1)) for n in range(6)])

    app = Demo()
    async with app.run_test(size=(40, 30)) as pilot:
        await pilot.pause()
        stack = app.query_one(Stack)
        width = stack.size.width
        reused = stack.arrange(stack.size.with_height(7))
        fresh = Vertical.arrange(stack, stack.size.with_height(99))  # Textual's own, at another height
        assert reused is stack._arrangement_cache.get(stack._last_key)  # reused, not made again
        assert placements(reused) == placements(fresh)
        assert reused.total_region.height == stack.size.height  # the real layout, not a guess

        await stack.mount(Static("one more"))  # children changed: arranged anew
        await pilot.pause()
        assert any(placement.widget.render().plain == "one more" for placement in stack.arrange(stack.size).placements)
        assert stack.size.width == width


async def test_a_child_whose_height_follows_the_container_is_arranged_anew():
    class Demo(App):
        def compose(self):
            yield Stack(Static("a"), Static("b", id="tall"))

    app = Demo()
    async with app.run_test(size=(40, 30)) as pilot:
        await pilot.pause()
        stack = app.query_one(Stack)
        tall = app.query_one("#tall")
        assert has_own_height(tall)
        tall.styles.height = "50%"
        await pilot.pause()
        assert not has_own_height(tall)
        small = stack.arrange(stack.size.with_height(10))
        large = stack.arrange(stack.size.with_height(20))
        heights = [placement.region.height for placement in small.placements], [placement.region.height for placement in large.placements]
        assert heights[0] != heights[1]  # each height got its own arrangement
