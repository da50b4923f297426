"""Records (imguide/core/records.py): what the content model, the session and the chat rely on
from them, as they relied on frozen dataclasses before."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
from functools import cached_property

import pytest

from imguide.core.records import Factory, Record, replace


class Point(Record):
    x: int
    y: int = 0
    tags: dict = Factory(dict)
    _uncompared = frozenset({"tags"})

    def __post_init__(self) -> None:
        object.__setattr__(self, "length", abs(self.x) + abs(self.y))

    @cached_property
    def doubled(self) -> tuple[int, int]:
        return (2 * self.x, 2 * self.y)


class Labelled(Point):
    label: str = ""


def test_fields_come_in_order_by_position_or_name_with_their_defaults():
    assert Point._fields == ("x", "y", "tags")
    assert (Point(1).x, Point(1).y, Point(1, 2).y, Point(y=5, x=1).y) == (1, 0, 2, 5)
    assert Point(3, 4).length == 7  # __post_init__ ran


def test_a_factory_default_is_made_anew_for_each_record():
    first, second = Point(1), Point(2)
    first.tags["a"] = 1
    assert second.tags == {}
    assert Point(1, tags={"given": True}).tags == {"given": True}


def test_a_record_cannot_be_changed():
    point = Point(1, 2)
    with pytest.raises(AttributeError, match="cannot be changed"):
        point.x = 5
    with pytest.raises(AttributeError, match="cannot be changed"):
        del point.y
    assert point.x == 1


def test_equality_and_hash_follow_the_compared_fields_only():
    assert Point(1, 2, {"a": 1}) == Point(1, 2, {"b": 2})
    assert hash(Point(1, 2, {"a": 1})) == hash(Point(1, 2))
    assert Point(1, 2) != Point(2, 1)
    assert Point(1, 2) != Labelled(1, 2)  # another class is never equal
    assert Point(1) != (1, 0)
    assert len({Point(1), Point(1), Point(2)}) == 2


def test_bad_arguments_say_what_is_wrong():
    with pytest.raises(TypeError, match=r"missing \['x'\]"):
        Point()
    with pytest.raises(TypeError, match="no field"):
        Point(1, z=3)
    with pytest.raises(TypeError, match=r"no field \['z'\]; missing \['x'\]"):
        Point(y=1, z=2)  # as many names as fields, but not the right ones
    with pytest.raises(TypeError, match="twice"):
        Point(1, x=2)
    with pytest.raises(TypeError, match="takes 3 fields"):
        Point(1, 2, {}, 4)


def test_a_subclass_adds_its_fields_after_the_inherited_ones():
    labelled = Labelled(1, 2, label="here")
    assert Labelled._fields == ("x", "y", "tags", "label")
    assert labelled.label == "here" and labelled.length == 3
    assert labelled != Labelled(1, 2, label="there")


def test_repr_names_every_field():
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags={})"


def test_pickle_copy_and_cached_property_work_on_a_frozen_record():
    point = Point(3, 4, {"k": "v"})
    assert point.doubled == (6, 8)
    for again in (pickle.loads(pickle.dumps(point)), copy.copy(point), copy.deepcopy(point)):
        assert again == point and again.tags == {"k": "v"} and again.length == 7


def test_replace_makes_a_new_record_through_the_class():
    point = Point(1, 2, {"k": 1})
    moved = replace(point, y=5)
    assert (moved.x, moved.y, moved.tags, moved.length) == (1, 5, {"k": 1}, 6)
    assert point.y == 2
    with pytest.raises(TypeError, match="no field"):
        replace(point, z=1)


def test_the_check_and_the_content_model_load_without_dataclasses():
    """What the records are for: `imguide check` and the chat's model start without the
    `dataclasses` module (and the `inspect` it imports)."""
    code = (
        "import sys; import imguide.core.content.loader, imguide.core.engine.session, imguide.core.engine.resolve; "
        "print(sorted(m for m in ('dataclasses', 'inspect') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
