"""Start the Textual app from the command line (kept apart so subcommands never import Textual)."""

from __future__ import annotations

import gc


def run_app(args) -> int:
    # Starting makes a few hundred thousand objects that live as long as the app: Textual's
    # modules, the content, the first screen. The cyclic GC would walk them again and again
    # meanwhile, for nothing; it is paused until the first screen is up, and what exists then is
    # frozen out of its way (GuideApp.on_ready). Start-up is about 15 ms quicker for it.
    gc.disable()
    try:
        return _run(args)
    finally:
        gc.enable()


def _run(args) -> int:
    from imguide.commands import UsageError
    from imguide.commands.common import bundle_from_args, language_from_args
    from imguide.core import compiled
    from imguide.ui.app import GuideApp

    lang = language_from_args(args) if args.lang else None
    bundle = None
    # Content that may have errors is read and checked before the app starts, so errors are
    # printed as lines, not inside the app. The compiled content was checked when it was written,
    # so the plain `imguide` (language picker first) leaves loading it to the app.
    if args.flow or args.profile or lang or compiled.load_languages() is None:
        bundle = bundle_from_args(args)
        if args.flow and args.flow not in bundle.flows:
            raise UsageError(f"unknown flow '{args.flow}' (flows: {', '.join(sorted(bundle.flows))})")
    app = GuideApp(lang=lang, flow=args.flow, bundle=bundle)
    app.resume_gc_when_ready = True
    app.run()
    return 0
