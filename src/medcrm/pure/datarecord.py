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
        _lazy_init(self, *args, **kwargs)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _values(self) == _values(other)  # tuples, as @dataclass compares (nan is nan)

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
        return hash(_values(self))


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """``@dataclass`` for a mutable record, its methods from :class:`Record`."""
    return _made(cls, Record, frozen=False)


@dataclass_transform(field_specifiers=(field,), frozen_default=True)
def frozen_record(cls: type[T]) -> type[T]:
    """``@dataclass(frozen=True)``, its methods from :class:`FrozenRecord`."""
    return _made(cls, FrozenRecord, frozen=True)


def _made(cls: type[T], base: type, *, frozen: bool) -> type[T]:
    """``cls`` as a dataclass without generated methods; what this module's ``__init__`` does
    not write (init=False or keyword-only fields, ``__post_init__``) is refused here, not at
    the first instance."""
    if not issubclass(cls, base) or (base is Record and issubclass(cls, FrozenRecord)):
        raise TypeError(f"{cls.__name__}: a @{'frozen_' if frozen else ''}record must subclass "
                        f"{base.__name__} (and only a frozen one FrozenRecord)")  # fmt: skip
    if cls.__doc__ is None:  # what @dataclass would compute with inspect.signature, cheaply
        cls.__doc__ = f"{cls.__name__}({', '.join(cls.__annotations__)})"
    made = dataclass(init=False, eq=False, repr=False)(cls)
    odd = [f.name for f in fields(made) if not f.init or f.kw_only is True]  # type: ignore[arg-type]
    if odd or hasattr(made, "__post_init__"):
        raise TypeError(f"{cls.__name__}: use @dataclass for {odd or '__post_init__'}")
    made.__init__ = _lazy_init  # type: ignore[method-assign]  # its own, not a parent record's
    params = made.__dataclass_params__  # type: ignore[attr-defined]
    params.init = params.repr = params.eq = True  # as they behave (pytest reads eq)
    params.frozen = frozen
    return made


def _lazy_init(self: Any, *args: Any, **kwargs: Any) -> None:
    """A record class's first ``__init__``: compiles the real one, keeps it, calls it."""
    cls = type(self)
    cls.__init__ = _made_init(cls)
    cls.__init__(self, *args, **kwargs)


_NAMES: dict[tuple[type, str], tuple[str, ...]] = {}


def _names(cls: type, flag: str) -> tuple[str, ...]:
    """The fields of ``cls`` that ``flag`` ("compare", "repr") is true of, found once."""
    known = _NAMES.get((cls, flag))
    if known is None:
        known = _NAMES[cls, flag] = tuple(f.name for f in fields(cls) if getattr(f, flag))
    return known


def _values(record: Record) -> tuple[object, ...]:
    return tuple(getattr(record, n) for n in _names(type(record), "compare"))


def _made_init(cls: type) -> Any:
    """The ``__init__`` ``@dataclass`` would write for ``cls`` (fields in order, defaults, a
    new list or dict for each default factory; a frozen record's set past its ``__setattr__``).
    The names of its own are dunder names no field has."""
    names: dict[str, Any] = {"__rec_missing__": MISSING, "__rec_set__": object.__setattr__}
    frozen = issubclass(cls, FrozenRecord)
    params, body = [], []
    for f in fields(cls):
        if f.default is not MISSING:
            names[f"__rec_default_{f.name}__"] = f.default
            params.append(f"{f.name}=__rec_default_{f.name}__")
        elif f.default_factory is not MISSING:
            names[f"__rec_factory_{f.name}__"] = f.default_factory
            params.append(f"{f.name}=__rec_missing__")
            body.append(f"if {f.name} is __rec_missing__: {f.name} = __rec_factory_{f.name}__()")
        else:
            params.append(f.name)
        body.append(
            f"__rec_set__(__rec_self__, {f.name!r}, {f.name})"
            if frozen
            else f"__rec_self__.{f.name} = {f.name}"
        )
    source = f"def __init__(__rec_self__, {', '.join(params)}):\n    " + "\n    ".join(
        body or ["pass"]
    )
    exec(source, names)  # the source is made of the record's field names only
    made = names["__init__"]
    made.__qualname__ = f"{cls.__qualname__}.__init__"
    made.__module__ = cls.__module__
    return made
