"""Where Textual 8.2 keeps what a widget drew alive after the widget is gone (for a guide that must
forget a visitor's answers and run for a week, they matter), where it lays out, styles or paints
again work it has just done (each held back a first screen or an answer's frame), and two ways
of using its screen stack and frames it has no public API for (`take_screens_below_top`/
`discard_screens`: a wipe that does not show the old screens again; `one_frame_for`: an answer's
changes in one frame). Every patch here reads Textual's private attributes: read them again at
each Textual upgrade (tests/test_first_frame.py, test_ui_robust.py and the endurance tests fail
when one stops working).

* `StylesCache.get_inner_outer` is an lru_cache on a method, so it keeps up to 1024 StylesCache
  objects alive through their `self` argument, each with the lines its widget last drew (answers
  included). The colours it computes depend only on the two colours, so the cache is keyed by
  them alone here.
* `App._compose_screen` keeps the first screen of the app for as long as the app runs;
  `forget_first_screen` lets it go once that screen has been replaced.
* `Input` and `TextArea` subscribe to their screen's `text_selection_started_signal` when mounted
  and never unsubscribe (`unsubscribe_when_unmounted` fixes a class); the subscription's callback holds the widget, so every text field the chat
  ever showed (with what was typed in it) lived as long as the chat. They unsubscribe on unmount.
* A new screen is sent a Resize for the size it was just laid out at, twice (the app's first
  report of its size, and the screen's own first layout telling itself its size); each laid the
  whole screen out and painted it again, right after its first frame. At the language picker
  that held back the work the guide does behind it. A screen now ignores a resize to the size
  it is already laid out at.
* A screen shown for the first time styles every widget on it again (`ScreenResume`), though
  each was styled as it was mounted a moment before: 40 widgets at the chat's start. The first
  showing of a screen no longer does; later ones (back from another screen, after a theme
  change meanwhile) still do.
* Each time a screen is shown, Textual hides its (empty) notification rack again, and that
  lays the whole screen out once more, right after the frame that showed it. With no
  notifications to show and none shown, the rack is now left as it is.
* A widget whose classes change before it is mounted (every Button sets its style classes as it
  is made, a compact footer key its own) had the whole style sheet applied to it then, and again
  when mounted. Only the second is done now: about 30 times at the chat's start.
* While the app holds its frames (its start, `one_frame_for`), Textual still renders each
  frame it lays out, only to drop it. The top screen now leaves the painting to the frame after
  the hold, which paints it whole.
"""

from __future__ import annotations

from functools import lru_cache

from textual.style import Style
from textual._styles_cache import StylesCache
from textual.app import App
from textual.color import Color
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Input
from textual.widgets._toast import ToastRack


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(self, base_background: Color, background: Color) -> tuple[Style, Style]:
    return _inner_outer(base_background, background)


if hasattr(StylesCache, "get_inner_outer"):
    StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign]


def forget_first_screen(app: App) -> None:
    """Let go of the screen the app started with (Textual keeps it as `default_screen`)."""
    if getattr(app, "_compose_screen", None) is not None and app._compose_screen not in app.screen_stack:
        app._compose_screen = None


def unsubscribe_when_unmounted(widget_class) -> None:
    """Patch a text widget class (Input here; a TextArea where one is used) to leave its screen's
    selection signal when it is unmounted."""
    mount = widget_class._on_mount

    def _on_mount(self, event):
        self._imguide_selection_screen = self.screen  # the screen whose signal it subscribes to
        return mount(self, event)

    def _on_unmount(self) -> None:
        screen = self.__dict__.pop("_imguide_selection_screen", None)
        if screen is not None:
            screen.text_selection_started_signal.unsubscribe(self)

    widget_class._on_mount = _on_mount
    if "_on_unmount" not in widget_class.__dict__:
        widget_class._on_unmount = _on_unmount


unsubscribe_when_unmounted(Input)  # Textual imports Input anyway; TextArea costs start-up time


_screen_resized = Screen._screen_resized


def _screen_resized_unless_laid_out(self: Screen, size) -> None:
    if self._compositor.size == size:
        return  # laid out at this size already; a change since is laid out by the screen's refresh
    _screen_resized(self, size)


Screen._screen_resized = _screen_resized_unless_laid_out  # type: ignore[method-assign]


_on_screen_resume = Screen._on_screen_resume


def _on_screen_resume_styled_once(self: Screen, event) -> None:
    if not self.__dict__.get("_imguide_resumed_before"):
        self._imguide_resumed_before = True
        event.refresh_styles = False  # its widgets were styled as they were mounted, just now
    _on_screen_resume(self, event)


Screen._on_screen_resume = _on_screen_resume_styled_once  # type: ignore[method-assign]


_show_toasts = ToastRack.show


def _show_toasts_if_any(self: ToastRack, notifications) -> None:
    if not notifications and not self.display and not self.children:
        return  # nothing to show and nothing to take away
    _show_toasts(self, notifications)


ToastRack.show = _show_toasts_if_any  # type: ignore[method-assign]


_update_node_styles = DOMNode.update_node_styles


def _update_node_styles_once_in_the_dom(self: DOMNode, animate: bool = True) -> None:
    if self._parent is None and not isinstance(self, App):
        return  # not mounted yet: the style sheet is applied to it as it is mounted
    _update_node_styles(self, animate)


DOMNode.update_node_styles = _update_node_styles_once_in_the_dom  # type: ignore[method-assign]


_compositor_refresh = Screen._compositor_refresh


def _compositor_refresh_unless_held(self: Screen) -> None:
    app = self.app
    if app._batch_count and self is app.screen and not app.is_inline:
        # Textual would render the frame and then not send it; the whole screen is painted
        # once the batch ends instead (Textual asks for a frame then)
        self._repaint_required = True
        return
    _compositor_refresh(self)


Screen._compositor_refresh = _compositor_refresh_unless_held  # type: ignore[method-assign]


def take_screens_below_top(app: App) -> list:
    """Take every screen under the top one off the stack, without showing it again, and return
    them for `discard_screens`. Popping them one by one would resume each (its styles, a layout,
    a frame) only to throw it away; a kiosk wipe waited for that."""
    stack = app._screen_stack
    below = stack[:-1]
    del stack[:-1]
    for screen in below:
        screen._result_callbacks.clear()  # nobody waits for a screen that is thrown away
    return below


async def discard_screens(app: App, screens: list) -> None:
    """Suspend and remove screens already taken off the stack (what Textual does when it pops one)."""
    for screen in reversed(screens):
        await app._replace_screen(screen)


def one_frame_for(app: App, mounting: list, owner) -> None:
    """Hold the screen's next frame until the widgets being mounted are in, so that what changed
    meanwhile (the progress line, the answer panel) and the new messages come in one frame.
    Without it the first change takes the next frame and the new messages wait for the frame
    after (Textual paints at most 60 times a second, on a fixed grid): an answer showed its next
    question about 17 ms later than it needed to. Released after 0.5 s whatever happens."""
    if not mounting:
        return
    import asyncio
    import contextvars

    from imguide.ui import collector

    app._begin_batch()
    app._imguide_frames_held = getattr(app, "_imguide_frames_held", 0) + 1
    collector.hold()  # a collection now would delay the frame; it runs after it instead

    held = True

    def end_hold(_task=None) -> None:
        nonlocal held
        if not held:
            return
        held = False
        app._end_batch()
        app._imguide_frames_held -= 1
        collector.release_after_frame(app.screen if app.screen_stack else None)
        if app.screen_stack:
            app.screen.check_idle()  # its idle passed while held: the frame is asked for now
            if app.__dict__.pop("_imguide_keys_waiting", False):
                app.screen.refresh_bindings()  # the footer waited for the panel's focus

    async def release() -> None:
        try:
            async with asyncio.timeout(0.5):
                for mount in mounting:
                    await mount
        except (Exception, asyncio.CancelledError):  # failed, too slow, or its screen went: paint
            pass
        finally:
            end_hold()

    # The task is kept by its owner (a task nobody refers to may be collected before it runs),
    # runs in an empty context (a copy of the caller's would name the screen, and keep it alive
    # as long as the task), and ends with the owner (`cancel_frame_hold`). A task cancelled before
    # it ran never enters its `finally`: its done-callback ends the hold then (once either way).
    cancel_frame_hold(owner)
    task = asyncio.get_running_loop().create_task(release(), context=contextvars.Context())
    task.add_done_callback(end_hold, context=contextvars.Context())
    owner._imguide_frame_task = task


def frame_held(app: App) -> bool:
    """Whether a frame is being held (`one_frame_for`): what is on screen is still changing."""
    return getattr(app, "_imguide_frames_held", 0) > 0


def look_at_keys_after_hold(app: App) -> None:
    """The footer put off a look at its keys while a frame was held: the release asks again.
    (Only then: most answers keep the focus where it was, and the keys with it.)"""
    app._imguide_keys_waiting = True


def cancel_frame_hold(owner) -> None:
    """Stop waiting for `owner`'s mounts (it is going away): the frame is released at once."""
    task = owner.__dict__.pop("_imguide_frame_task", None)
    if task is not None and not task.done():
        task.cancel()
