"""Trains the guard's second opinion (src/medcrm/pure/phi/model.py) on the labelled corpora and
writes its weights (src/medcrm/pure/phi/model.marshal).

    uv run --with scikit-learn python benchmarks/phi/train_model.py

scikit-learn is needed here only, never by medcrm: the weights are a dict that model.py reads
in pure Python. Every corpus but the held-out one (HELD_OUT) is learnt from; the threshold is
the lowest at which the rules OR the model, in five-fold cross-validation on the training notes
alone, add at most MODEL_ADDS to the false alarms of the rules alone. The held-out corpus is
scored once at the end, with the rules alone and with the model's second opinion.
"""

from __future__ import annotations

import json
import marshal
import sys
from array import array
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import cross_val_predict  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from medcrm.pure import phi  # noqa: E402
from medcrm.pure.phi import model  # noqa: E402

HELD_OUT = "holdout12.jsonl"
MODEL_ADDS = 0.003  # false alarms the model may add to the rules' own, cross-validated
C = 16.0  # inverse regularisation; 1 and 4 caught fewer at the same false alarms
WEIGHTS = HERE.parents[1] / "src" / "medcrm" / "pure" / "phi" / "model.marshal"


def load(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def rules_stop(texts: list[str], contacts: list[str]) -> np.ndarray:
    return np.array([bool(phi.drop_colleagues(phi.by_rules(t), contacts)) for t in texts])


def rates(stopped: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    recall = (stopped & labels).sum() / labels.sum()
    false_alarms = (stopped & ~labels).sum() / (~labels).sum()
    return float(recall), float(false_alarms)


def _chance(text: str) -> float:
    """model.judged's chance without its threshold (to check it against scikit-learn's)."""
    weights = model._model()
    assert weights is not None
    saved = weights.threshold
    object.__setattr__(weights, "threshold", 0.0)
    try:
        judged = model.judged(text)
    finally:
        object.__setattr__(weights, "threshold", saved)
    return judged[0] if judged else 0.0


def main() -> None:
    contacts = (HERE / "contacts.txt").read_text(encoding="utf-8").splitlines()
    contacts = [c.strip() for c in contacts if c.strip() and not c.startswith("#")]
    train = [r for p in sorted(HERE.glob("*.jsonl")) if p.name != HELD_OUT for r in load(p)]
    texts = [str(r["text"]) for r in train]
    labels = np.array([bool(r["phi"]) for r in train])
    pipeline = make_pipeline(
        CountVectorizer(analyzer=model.features, min_df=2, lowercase=False),
        TfidfTransformer(sublinear_tf=True),
        LogisticRegression(C=C, max_iter=5000),
    )
    by_rules = rules_stop(texts, contacts)
    chance = cross_val_predict(pipeline, texts, labels, cv=5, method="predict_proba")[:, 1]
    most = rates(by_rules, labels)[1] + MODEL_ADDS
    threshold = next(
        t for t in np.arange(0.50, 0.995, 0.01)
        if rates(by_rules | (chance >= t), labels)[1] <= most
    )  # fmt: skip
    print(f"{len(train)} training notes; threshold {threshold:.2f}")
    both = by_rules | (chance >= threshold)
    print("cross-validated: rules {:.3f} / {:.4f}, rules or model {:.3f} / {:.4f}".format(
        *rates(by_rules, labels), *rates(both, labels)))  # fmt: skip
    pipeline.fit(texts, labels)
    vectorizer, tfidf, regression = pipeline
    names = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    assert not any("\n" in n for n in names)  # features are written one a line
    WEIGHTS.write_bytes(marshal.dumps({
        "features": "\n".join(names),
        "idf": array("d", tfidf.idf_).tobytes(),
        "weight": array("d", regression.coef_[0]).tobytes(),
        "intercept": float(regression.intercept_[0]),
        "threshold": round(float(threshold), 2),
    }))  # fmt: skip
    model._model.cache_clear()
    judged = [t for t in texts if len(t.split()) >= model.FEWEST_WORDS and len(t) <= model.UP_TO]
    exact = pipeline.predict_proba(judged)[:, 1]  # the model judges no shorter or longer note
    ours = [_chance(t) for t in judged]
    assert max(abs(a - b) for a, b in zip(exact, ours, strict=True)) < 1e-9, "inference differs"
    held = load(HERE / HELD_OUT)
    held_texts = [str(r["text"]) for r in held]
    held_labels = np.array([bool(r["phi"]) for r in held])
    alone = rules_stop(held_texts, contacts)
    guard = np.array([bool(phi.drop_colleagues(phi.find_phi(t), contacts)) for t in held_texts])
    print(f"{HELD_OUT} (held out): " + "rules {:.3f} / {:.4f}, the guard {:.3f} / {:.4f}".format(
        *rates(alone, held_labels), *rates(guard, held_labels)))  # fmt: skip
    print(f"{WEIGHTS}: {len(names)} features")


if __name__ == "__main__":
    main()
