"""Records as ``@dataclass`` makes them, with their methods made only when used.

``@dataclass`` writes each class's ``__init__``, ``__eq__`` and ``__repr__`` (and a frozen one's
``__setattr__``, ``__delattr__`` and ``__hash__``) as source and compiles it at import: about
half a millisecond a class, and every command imports the twenty-four records of
:mod:`medcrm.pure.records` to use two or three (12 ms of every start-up, measured). Here the
comparisons and the text are written once for all, and a class's ``__init__``, the same source
``@dataclass`` would write, is compiled on its first instance.
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


class Record:
    """What ``@dataclass`` writes for a mutable record: ``__init__`` compiled on the class's
    first instance, ``__eq__`` and ``__repr__`` written once for all."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # mutable, as @dataclass(eq=True) leaves it

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        made = type(self).__init__ = _made_init(type(self))  # type: ignore[method-assign]
        made(self, *args, **kwargs)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _names(type(self), "compare"))

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in _names(type(self), "repr"))
        return f"{type(self).__qualname__}({shown})"


class FrozenRecord(Record):
    """A record that cannot change once made, hashable by its fields: what
    ``@dataclass(frozen=True)`` writes."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:  # type: ignore[override]  # Record's None: unhashable
        return hash(tuple(getattr(self, n) for n in _names(type(self), "compare")))


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """``@dataclass`` for a mutable record, its methods from :class:`Record`."""
    return dataclass(init=False, eq=False, repr=False)(cls)


@dataclass_transform(field_specifiers=(field,), frozen_default=True)
def frozen_record(cls: type[T]) -> type[T]:
    """``@dataclass(frozen=True)``, its methods from :class:`FrozenRecord`."""
    return dataclass(init=False, eq=False, repr=False)(cls)


_NAMES: dict[tuple[type, str], tuple[str, ...]] = {}


def _names(cls: type, flag: str) -> tuple[str, ...]:
    """The fields of ``cls`` that ``flag`` ("compare", "repr") is true of, found once."""
    known = _NAMES.get((cls, flag))
    if known is None:
        known = _NAMES[cls, flag] = tuple(f.name for f in fields(cls) if getattr(f, flag))
    return known


def _made_init(cls: type) -> Any:
    """The ``__init__`` ``@dataclass`` would write for ``cls`` (fields in order, defaults, a
    new list or dict for each default factory; a frozen record's set past its ``__setattr__``)."""
    names: dict[str, Any] = {"MISSING": MISSING, "_set": object.__setattr__}
    frozen = issubclass(cls, FrozenRecord)
    params, body = [], []
    for f in fields(cls):
        if f.default is not MISSING:
            names[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
        elif f.default_factory is not MISSING:
            names[f"_f_{f.name}"] = f.default_factory
            params.append(f"{f.name}=MISSING")
            body.append(f"if {f.name} is MISSING: {f.name} = _f_{f.name}()")
        else:
            params.append(f.name)
        body.append(f"_set(self, {f.name!r}, {f.name})" if frozen else f"self.{f.name} = {f.name}")
    source = f"def __init__(self, {', '.join(params)}):\n    " + "\n    ".join(body or ["pass"])
    exec(source, names)  # the source is made of the record's field names only
    return names["__init__"]
