"""The core of imguide: everything but the screen. It never imports Textual.

Layers, each importing only those below it (an import-linter contract in pyproject.toml keeps it):

    export       the intake document and its formats, the outbox
    engine       sessions (a log of answers, state = replay), walks, resolving text in a language
    content      reading and checking flows, glossary, facts, topics, rules, languages; the model,
                 node kinds, expressions, calculators, and the compiled cache of it all
    eligibility  grades and subjects, dated rules, evaluation and its plain-language explanation
    i18n         languages, translators, catalog tooling
"""
