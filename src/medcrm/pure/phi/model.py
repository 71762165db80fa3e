"""A second opinion for short notes the rules pass: a linear model of words and word shapes,
trained on the labelled corpora of ``benchmarks/phi`` (``train_model.py``).

The rules know the identifiers a student is likely to type; a new voice writes them in ways no
rule has seen ("pt rm 4 neighbour", "the lady from Tuesday, 94"). The model reads the note as a
bag of words, word pairs and their shapes ("Cc Cc" for two capitalised words, "d/d/d" for a
date) and gives the chance that it is about one patient; it stops a note only when that chance
is high (``THRESHOLD``, chosen on the training corpora alone), and says which words weighed
most. Measured on a corpus neither the rules nor the model were tuned on: see docs/phi.md.

It reads notes of ``FEWEST_WORDS`` words to ``UP_TO`` characters (what a student types after a
shift; the corpora it learnt from are of that length); a field of a few words (a phone, an
institution) and a longer text are left to the rules. Pure Python: the
weights are one marshalled dict, read on first use (about a millisecond).
"""

from __future__ import annotations

import marshal
import math
import re
from array import array
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

UP_TO = 4_000  # characters
# A field of a word or three (a phone, "@home", an institution) is no note: the rules alone.
FEWEST_WORDS = 4
_WEIGHTS = Path(__file__).with_name("model.marshal")
_WORD = re.compile(r"[^\W_]+(?:['’/.\-][^\W_]+)*")
_UPPER = re.compile(r"[A-Z]+")
_LOWER = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"\d+")


def _shape(token: str) -> str:
    """A word's shape: capitals as C (a run of two or more as CC), lower case as c, digits as d,
    the rest as typed: "Mr." -> "Cc.", "J.D." -> "C.C.", "12B" -> "dC", "3/4/1950" -> "d/d/d"."""
    capitals = _UPPER.sub(lambda m: "C" if len(m.group()) == 1 else "CC", token)
    return _DIGITS.sub("d", _LOWER.sub("c", capitals))


def features(text: str) -> list[str]:
    """What the model reads: the words (w:), pairs of words (b:), the shapes of the
    white-space-separated tokens (s:) and pairs of shapes (t:)."""
    words = _WORD.findall(text.lower())
    shapes = [_shape(t) for t in text.split()]
    return [
        *("w:" + w for w in words),
        *("b:" + a + " " + b for a, b in pairwise(words)),
        *("s:" + s for s in shapes),
        *("t:" + a + " " + b for a, b in pairwise(shapes)),
    ]


@dataclass(frozen=True)
class _Model:
    index: dict[str, int]  # feature -> its place in idf and weight
    idf: array[float]
    weight: array[float]
    intercept: float
    threshold: float


@cache
def _model() -> _Model | None:
    """The weights (the features one a line, two arrays of doubles: a dict of 13,000 tuples
    took twice as long to read), or None without the weights file."""
    try:
        loaded = marshal.loads(_WEIGHTS.read_bytes())
        names = loaded["features"].split("\n")
        idf, weight = array("d"), array("d")
        idf.frombytes(loaded["idf"])
        weight.frombytes(loaded["weight"])
        return _Model(
            dict(zip(names, range(len(names)), strict=True)),
            idf,
            weight,
            float(loaded["intercept"]),
            float(loaded["threshold"]),
        )
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return None


def judged(text: str) -> tuple[float, list[str]] | None:
    """The chance that ``text`` is about a patient, and its words that weighed most towards it,
    when the chance reaches the model's threshold; None otherwise (or for a long text)."""
    if not text or len(text) > UP_TO or len(text.split()) < FEWEST_WORDS:
        return None  # before the weights are read: a long note never needs them
    model = _model()
    if model is None:
        return None
    index = model.index
    counts: dict[str, int] = {}
    for f in features(text):
        if f in index:
            counts[f] = counts.get(f, 0) + 1
    if not counts:
        return None
    # tf-idf with a sublinear term frequency, normalised to unit length, as in training.
    values = {f: (1 + math.log(n)) * model.idf[index[f]] for f, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values()))
    parts = {f: v / norm * model.weight[index[f]] for f, v in values.items()}
    chance = 1 / (1 + math.exp(-(model.intercept + sum(parts.values()))))
    if chance < model.threshold:
        return None
    telling = sorted((f for f in parts if f[0] in "wb" and parts[f] > 0), key=lambda f: -parts[f])
    return chance, [f[2:] for f in telling[:3]]
