"""Content: reading and checking the YAML the guide is made of (flows, glossary, facts, topics,
eligibility rules, languages, local profiles) into one immutable Bundle, with coded diagnostics that
name file and line; the content language that goes with it (node kinds, expressions, markup,
calculators); and the compiled cache of the shipped bundle."""
