"""Eligibility (*behörighet*): the grading scale and subjects, the dated rules, the evaluation of a
pupil's grades and age against them, and the plain-language explanation of the result.

Pure logic on data: the rules are read from content by the content loader and handed in, so the
guide, the command line and the tests all give the same answer for the same rule set.
"""
