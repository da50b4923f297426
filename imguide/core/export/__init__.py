"""The intake export: a bilingual document the family and the counsellor both read.

    document.py   what goes to the meeting, built from a session (the summary screen shows it too)
    context.py    the document as a template context, and the JSON export
    renderers.py  HTML and Markdown through jinja2 (escaped, sandboxed for local templates)
    outbox.py     where exports go: owner-only folders named by pickup codes, atomic writes, retention
    writer.py     render every format and write them

This package's own import is kept empty, so the summary screen can read the document without
loading the template engine.
"""
