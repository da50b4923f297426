"""The YAML reader's own tag resolution must read every scalar as PyYAML's safe loader does."""

from __future__ import annotations

import pytest
import yaml

from imguide.core.content.yaml_source import YamlBool, _Composer, parse_yaml, plain

# Words, numbers, dates and symbols that YAML 1.1 reads as something other than text, and some
# near misses that stay text
SCALARS = [
    "", "yes", "No", "on", "OFF", "y", "n", "true", "False", "null", "~", "Null", "12", "-3", "+4",
    "0x1F", "0o17", "017", "1_000", "1:20", "190:20:30", "3.5", ".5", "-.inf", ".NaN", "1e3",
    "6.8523015e+5", "12.", "2026-01-01", "2001-12-14t21:59:43.10-05:00", "<<", "=", "Fråga", "text",
    "0b101", "-", "+", ".", "yes please", "nej", "2026-13-45x",
]


@pytest.mark.parametrize("value", SCALARS)
def test_a_scalar_gets_the_tag_pyyaml_gives_it(value):
    ours, theirs = _Composer(""), yaml.SafeLoader("")
    for implicit in [(True, False), (False, True), (False, False), (True, True)]:
        assert ours._tag(yaml.ScalarNode, value, implicit) == theirs.resolve(yaml.ScalarNode, value, implicit)
    for kind in (yaml.SequenceNode, yaml.MappingNode):
        assert ours._tag(kind, None, (True, False)) == theirs.resolve(kind, None, (True, False))


def _unwrapped(value):
    """A read value with YAML booleans as plain booleans, as the safe loader gives them."""
    if isinstance(value, dict):
        return {key: _unwrapped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unwrapped(item) for item in value]
    return value.value if isinstance(value, YamlBool) else value


def test_a_document_reads_as_the_safe_loader_reads_it():
    # (the scalars YAML would take as syntax here, or that the reader refuses, are left out)
    values = [value for value in SCALARS if value not in ("<<", "=", "-", "2026-13-45x")]
    document = "\n".join(f"k{index}: {value}" for index, value in enumerate(values))
    document += "\nquoted: ['yes', \"12\", '2026-01-01']\nnested: {a: [1, {b: on}]}\n"
    assert repr(_unwrapped(plain(parse_yaml(document, "x.yaml")))) == repr(yaml.safe_load(document))
