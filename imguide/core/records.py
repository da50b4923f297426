"""Immutable records: named fields with defaults, equality, hashing and a readable repr.

What a frozen dataclass gives, without the code it writes and compiles for every class each time
the program starts (about a millisecond a class, and the `dataclasses` module pulls in `inspect`):
the content model, the session and the chat had twenty of them between a start and the first
question, and `imguide check` waited for them too. Here the methods are written once, below, and
read each class's fields from its annotations when the class is made.

    class Point(Record):
        x: int
        y: int = 0
        tags: dict = Factory(dict)  # a new dict for each record
        _uncompared = frozenset({"tags"})  # left out of == and hash

Instances keep their fields in `__dict__`, so pickling, copying and `functools.cached_property`
work as for any object; assigning to a field raises AttributeError.
"""

from __future__ import annotations

from typing import Any, Callable


class Factory:
    """A default made anew for each record (a dict, a list)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


class Record:
    _fields: tuple[str, ...] = ()  # in order: positional arguments fill them in this order
    _field_set: frozenset[str] = frozenset()
    _defaults: dict[str, Any] = {}  # field -> default (a Factory for a default made anew)
    _factories: tuple[str, ...] = ()
    _compared: tuple[str, ...] = ()  # the fields == and hash look at
    _uncompared: frozenset[str] = frozenset()
    _post_init: Callable[[Any], None] | None = None  # the class's __post_init__, run after __init__

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = [name for name in cls.__dict__.get("__annotations__", {}) if not name.startswith("_")]
        fields = [name for name in cls._fields if name not in own] + own
        defaults = {name: value for name, value in cls._defaults.items() if name in fields}
        for name in own:
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
            else:
                defaults.pop(name, None)
        cls._fields = tuple(fields)
        cls._field_set = frozenset(fields)
        cls._defaults = defaults
        cls._factories = tuple(name for name, value in defaults.items() if isinstance(value, Factory))
        cls._compared = tuple(name for name in fields if name not in cls._uncompared)
        cls._post_init = getattr(cls, "__post_init__", None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        fields = cls._fields
        values = cls._defaults.copy()
        if args:
            if len(args) > len(fields):
                raise TypeError(f"{cls.__name__} takes {len(fields)} fields, {len(args)} given")
            if kwargs and not kwargs.keys().isdisjoint(fields[: len(args)]):
                raise TypeError(f"{cls.__name__} given a field twice: {sorted(kwargs.keys() & set(fields[: len(args)]))}")
            values.update(zip(fields, args))
        values.update(kwargs)
        # (an unknown name and a missing field together would leave the count right)
        if len(values) != len(fields) or not cls._field_set.issuperset(kwargs):
            unknown = sorted(values.keys() - set(fields))
            missing = [name for name in fields if name not in values]
            raise TypeError(f"{cls.__name__}: " + "; ".join(filter(None, [unknown and f"no field {unknown}", missing and f"missing {missing}"])))
        for name in cls._factories:
            if isinstance(values[name], Factory):
                values[name] = values[name].make()
        self.__dict__.update(values)
        if cls._post_init is not None:
            cls._post_init(self)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} cannot be changed (set {name})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} cannot be changed (delete {name})")

    def _key(self) -> tuple:
        values = self.__dict__
        return tuple([values[name] for name in self._compared])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        values = self.__dict__
        return f"{type(self).__name__}({', '.join(f'{name}={values[name]!r}' for name in self._fields)})"


def replace(record: Record, **changes: Any) -> Any:
    """A copy of `record` with some fields changed (made through the class, as a new record is)."""
    values = {name: record.__dict__[name] for name in record._fields}
    values.update(changes)
    return type(record)(**values)
