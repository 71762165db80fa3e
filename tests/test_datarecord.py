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
