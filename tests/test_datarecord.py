"""Records behave as the ``@dataclass`` classes they replace (pure/datarecord.py): made by
keyword or position, defaults and a fresh list per instance, equality and text by field,
unhashable when mutable, frozen ones hashable and unchangeable."""

from __future__ import annotations

import dataclasses

import pytest

from medcrm.pure.datarecord import FrozenRecord, Record, frozen_record, record


@record
class _Note(Record):
    id: int
    title: str = "untitled"
    tags: list[str] = dataclasses.field(default_factory=list)
    secret: str = dataclasses.field(default="", repr=False, compare=False)


@frozen_record
class _Ref(FrozenRecord):
    id: int
    name: str


def test_made_by_position_and_keyword_with_defaults() -> None:
    a, b = _Note(1), _Note(id=1, title="untitled")
    assert (a.id, a.title, a.tags) == (1, "untitled", [])
    assert a == b and a.tags is not b.tags  # a new list for each record
    assert _Note(2, "x", ["t"]).tags == ["t"]
    with pytest.raises(TypeError):
        _Note()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _Note(1, nothing=2)  # type: ignore[call-arg]


def test_equality_and_text_follow_the_fields() -> None:
    assert _Note(1, secret="a") == _Note(1, secret="b")  # compare=False
    assert _Note(1) != _Note(2)
    assert _Note(1) != _Ref(1, "x")
    assert repr(_Note(3, "t")) == "_Note(id=3, title='t', tags=[])"
    with pytest.raises(TypeError):
        hash(_Note(1))  # mutable: unhashable, as @dataclass(eq=True) leaves it


def test_frozen_records_are_hashable_and_cannot_change() -> None:
    ref = _Ref(1, "Ana")
    assert ref == _Ref(1, "Ana") and {ref, _Ref(1, "Ana")} == {ref}
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.name = "Bo"  # type: ignore[misc]
    assert dataclasses.replace(ref, name="Bo") == _Ref(1, "Bo")
    assert dataclasses.asdict(ref) == {"id": 1, "name": "Ana"}


def test_compared_as_tuples_and_kept_apart_from_subclasses() -> None:
    """A field holding nan equals itself (tuples compare identity first, as @dataclass
    does), and a subclass record gets its own __init__ even after its parent's was made."""

    @record
    class Score(Record):
        value: float

    @record
    class Parent(Record):
        a: int

    @record
    class Child(Parent):
        b: int = 0

    nan = float("nan")
    assert Score(nan) == Score(nan)
    assert Parent(1).a == 1
    child = Child(1, 2)
    assert (child.a, child.b) == (1, 2) and child != Parent(1)
    assert dataclasses.is_dataclass(child) and child.__dataclass_params__.eq  # type: ignore[attr-defined]


def test_what_the_made_init_cannot_do_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="use @dataclass"):

        @record
        class Later(Record):
            a: int
            b: int = dataclasses.field(init=False, default=0)

    with pytest.raises(TypeError, match="must subclass"):

        @frozen_record
        class NotFrozen(Record):
            a: int

    @record
    class Odd(Record):
        self: int  # a field named like the generated code's own names
        __rec_set__: int = 0

    assert Odd(1, 2).self == 1
