"""Start the Textual app from the command line (kept apart so subcommands never import Textual)."""

from __future__ import annotations


def run_app(args) -> int:
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
    GuideApp(lang=lang, flow=args.flow, bundle=bundle).run()
    return 0
