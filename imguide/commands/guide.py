"""`imguide [--lang L] [--flow F] [--profile P] [--bidi app|terminal|off] [--staff]`: the guide itself, in the terminal.

Content that may have errors (a flow or profile named, or compiled content that is stale) is read
and checked before the app starts, so errors are printed as lines, not inside the app. The compiled
content was checked when it was written, so the plain `imguide` (language picker first) leaves
loading it to the app.
"""

from __future__ import annotations

from imguide.commands import UsageError
from imguide.commands.common import language_from_args, load_content


def run(args) -> int:
    from imguide.core.content import compiled
    from imguide.ui.launch import run_app

    bundle = None
    given = args.flow is not None or args.profile is not None or args.lang is not None
    if given or compiled.load_languages() is None:
        bundle = load_content(profile=args.profile)
        if args.flow is not None and args.flow not in bundle.flows:
            raise UsageError(f"unknown flow '{args.flow}' (flows: {', '.join(sorted(bundle.flows))})")
    lang = language_from_args(args, bundle).code if args.lang is not None else None
    return run_app(lang=lang, flow=args.flow, bundle=bundle, bidi=getattr(args, "bidi", "app"), staff=getattr(args, "staff", False))
