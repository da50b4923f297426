"""Start the Textual app from the command line (kept apart so subcommands never import Textual)."""

from __future__ import annotations


def run_app(args) -> int:
    from imguide.commands import UsageError
    from imguide.commands.common import bundle_from_args, language_from_args
    from imguide.ui.app import GuideApp

    bundle = bundle_from_args(args)
    lang = language_from_args(args) if args.lang else None
    if args.flow and args.flow not in bundle.flows:
        raise UsageError(f"unknown flow '{args.flow}' (flows: {', '.join(sorted(bundle.flows))})")
    GuideApp(lang=lang, flow=args.flow, bundle=bundle).run()
    return 0
