"""Languages and translations: the bottom layer of the core.

`languages` describes the shipped languages (names, direction, aliases) and resolves what a user
or a command line names; `translator` turns Swedish msgids and content string ids into one
language; `catalogs` is the tooling around the gettext catalogs (template, status). Nothing here
knows about flows or sessions: the content layer hands the language list in.
"""
