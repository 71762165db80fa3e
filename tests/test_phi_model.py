"""The guard's second opinion (pure/phi/model.py): a model of words that reads the short notes
the rules pass. All notes are made up; all people are fictional."""

from __future__ import annotations

from pathlib import Path

import pytest

from medcrm.pure import phi
from medcrm.pure.phi import model

# Notes of a patient that no rule catches: an age over 89 with no unit, a room with no word for it.
MISSED_BY_THE_RULES = [
    "the lady from tuesday came back, 94 and sharp as ever, her daughter brought cookies",
    "older lady in 12 asked for her daughter again lol",
]


@pytest.mark.parametrize("note", MISSED_BY_THE_RULES)
def test_the_model_stops_what_the_rules_pass_and_says_by_which_words(note: str) -> None:
    assert phi.by_rules(note) == []
    [finding] = phi.find_phi(note)
    assert finding.kind == "model"
    assert finding.why.startswith("reads like a note about a patient (")
    assert f"'{finding.text.lower()}'" in finding.why  # the words it names are the note's
    assert finding.text.lower() in note.lower()
    assert "leave out what tells the patient apart" in phi.describe([finding])


def test_the_student_s_own_family_is_no_patient() -> None:
    note = "Noah, 3 years old, my nephew, had his tonsils out."
    assert model.judged(note) is not None  # the words alone read like a patient's...
    assert phi.find_phi(note) == []  # ...but he is the student's nephew


def test_long_texts_are_left_to_the_rules() -> None:
    note = MISSED_BY_THE_RULES[0]
    padded = note + " and more" * (model.UP_TO // 9)
    assert model.judged(note) is not None
    assert len(padded) > model.UP_TO and model.judged(padded) is None
    model._model.cache_clear()
    assert model.judged(padded) is None
    assert model._model.cache_info().misses == 0  # a long note never reads the weights


def test_a_name_it_weighed_is_checked_against_the_contacts() -> None:
    note = "Lady from Tuesday came back again, her daughter brought cookies"
    [finding] = phi.find_phi(note)
    assert finding.name == "Lady"
    assert phi.drop_colleagues([finding], ["Lady Ada Byrne"]) == []
    assert phi.drop_colleagues([finding], ["Dr. Marcus Hart"]) == [finding]


def test_without_its_weights_the_guard_is_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "_WEIGHTS", Path("/nonexistent/model.marshal"))
    model._model.cache_clear()
    try:
        assert phi.find_phi(MISSED_BY_THE_RULES[0]) == []
    finally:
        monkeypatch.undo()
        model._model.cache_clear()
    assert phi.find_phi(MISSED_BY_THE_RULES[0]) != []


def test_the_weights_are_the_features_it_reads() -> None:
    weights = model._model()
    assert weights is not None
    assert len(weights.index) == len(weights.idf) == len(weights.weight) > 5_000
    assert {name[:2] for name in weights.index} == {"w:", "b:", "s:", "t:"}
    assert 0.5 <= weights.threshold < 1


@pytest.mark.parametrize("field", ["@home", "+1 555-0142", "Riverside General", "IM clerkship"])
def test_a_field_of_a_few_words_is_left_to_the_rules(field: str) -> None:
    assert model.judged(field) is None
