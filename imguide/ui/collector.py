"""When Python's cyclic garbage collector may run.

Left to itself, a full collection starts about once per visit, at whatever moment the objects
made add up, and walks every widget: 50 to 150 ms on a 2-core machine. Measured over a kiosk's
visits, that landed inside the wipe (the next visitor waits) or between an answer and its next
question. So the collector is kept out of the moments someone waits for, and its full pass is
run where nobody does:

- at start it is paused, and what the imports and the content made is frozen out of its way
  (those live as long as the process); the app's first screen is made after the freeze, so it
  can be collected once a new session replaces it;
- while an answer's frame is held (textual_fixes.one_frame_for) it waits, and runs once that
  frame is painted (an answer makes enough objects to start two or three collections);
- after a new session (a kiosk wipe, "start again") it waits until the picker is painted, then
  collects everything the old conversation left at once.
"""

from __future__ import annotations

import gc

# Long enough for the picker's frame (tens of ms), short of anyone choosing a language.
COLLECT_AFTER_NEW_SESSION_S = 0.3
# A frame comes within tens of ms; this only bounds the wait when none comes.
RELEASE_AFTER_FRAME_S = 0.25


def pause_for_start() -> None:
    """The start makes a few hundred thousand objects; walking them meanwhile is time for
    nothing (start-up is about 15 ms quicker without it)."""
    gc.disable()


def freeze_what_lives_forever() -> None:
    """Modules and the content, imported and read: they live as long as the process, so no
    later collection needs to walk them again."""
    gc.freeze()


def resume() -> None:
    gc.enable()


_holds = 0  # how many `hold()`s are not yet released
_enabled_before = True  # whether it ran before the first of them


def hold() -> None:
    """Keep the collector from starting until as many `release()`s."""
    global _holds, _enabled_before
    if _holds == 0:
        _enabled_before = gc.isenabled()
    _holds += 1
    gc.disable()


def release() -> None:
    global _holds
    if _holds == 0:
        return
    _holds -= 1
    if _holds == 0 and _enabled_before:
        gc.enable()


def release_after_frame(screen) -> None:
    """`release()`, once `screen` has painted its next frame (what the hold was for: the
    collections the frame's own work would start come after it), or after
    RELEASE_AFTER_FRAME_S, whatever happens to the screen meanwhile."""
    import asyncio
    import contextvars

    released = False

    def once() -> None:
        nonlocal released
        if not released:
            released = True
            release()

    if screen is not None:
        screen.call_after_refresh(once)
    asyncio.get_running_loop().call_later(RELEASE_AFTER_FRAME_S, once, context=contextvars.Context())


def release_all() -> None:
    """The app is closing: whatever still holds the collector never will release it."""
    global _holds
    if _holds:
        _holds = 0
        if _enabled_before:
            gc.enable()


def collect_when_idle() -> None:
    """Hold the collector now, and let it do its full pass once the next screen is painted."""
    import asyncio
    import contextvars

    hold()

    def collect() -> None:
        release()
        gc.collect()

    # In an empty context: a Textual timer's task keeps a copy of the context it was started
    # from, and the one a new session starts from still names the old chat screen, which then
    # outlived the wipe until the timer was done.
    asyncio.get_running_loop().call_later(COLLECT_AFTER_NEW_SESSION_S, collect, context=contextvars.Context())
