"""The guide in a browser: textual-serve with imguide's own page (server.py, app_index.html)."""
