"""How well the patient-information guard does on a labelled corpus of student notes.

    uv run python benchmarks/phi/evaluate.py                 # the development corpus
    uv run python benchmarks/phi/evaluate.py holdout.jsonl   # the held-out one
    uv run python benchmarks/phi/evaluate.py --show-errors   # every miss and false alarm

Each line of a corpus is {"text", "phi", "category"}; the corpora were written by people who
never saw the guard's code (see docs/phi.md). The names in contacts.txt play the user's own
contacts, as the database does for `medcrm log`. Prints, per category, how many notes the guard
stopped, then recall (share of notes with patient information stopped), precision and the
false-positive rate (share of harmless notes stopped).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from medcrm.pure import phi  # noqa: E402

# Every labelled corpus here: the development ones the rules were tuned on, and the held-out
# ones they were measured on (see docs/phi.md).
CORPORA = sorted(p.name for p in HERE.glob("*.jsonl"))


@dataclass
class Scores:
    recall: float
    precision: float
    false_positive_rate: float
    notes: int


def load(name: str) -> list[dict[str, object]]:
    path = Path(name) if Path(name).exists() else HERE / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def contacts() -> list[str]:
    return [line for line in (HERE / "contacts.txt").read_text().splitlines() if line.strip()]


RULES_ONLY = False  # --rules: without the model's second opinion (pure/phi/model.py)


def stopped(text: str, known: list[str]) -> list[phi.Finding]:
    found = phi.by_rules(text) if RULES_ONLY else phi.find_phi(text)
    return phi.drop_colleagues(found, known)


def score(rows: list[dict[str, object]], *, show: bool = False, out=sys.stdout) -> Scores:
    known = contacts()
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    labels: dict[str, bool] = {}
    tp = fp = fn = tn = 0
    for row in rows:
        text, label, category = str(row["text"]), bool(row["phi"]), str(row["category"])
        found = stopped(text, known)
        total[category] += 1
        labels[category] = label
        if found:
            caught[category] += 1
        if label and found:
            tp += 1
        elif label:
            fn += 1
            if show:
                print(f"MISS  [{category}] {text}", file=out)
        elif found:
            fp += 1
            if show:
                print(f"FALSE [{category}] {text}\n      -> {phi.describe(found)}", file=out)
        else:
            tn += 1
    print(f"{'category':<24}{'label':<8}{'stopped':>8}{'notes':>7}{'share':>8}", file=out)
    for category in sorted(total, key=lambda c: (not labels[c], c)):
        n, k = total[category], caught[category]
        kind = "phi" if labels[category] else "clean"
        print(f"{category:<24}{kind:<8}{k:>8}{n:>7}{k / n:>8.1%}", file=out)
    scores = Scores(
        recall=tp / max(1, tp + fn),
        precision=tp / max(1, tp + fp),
        false_positive_rate=fp / max(1, fp + tn),
        notes=len(rows),
    )
    print(
        f"\n{scores.notes} notes ({tp + fn} with patient information): recall "
        f"{scores.recall:.3f}, precision {scores.precision:.3f}, false-positive rate "
        f"{scores.false_positive_rate:.3f}",
        file=out,
    )
    return scores


def speed(out=sys.stdout) -> dict[str, float]:
    """Milliseconds to check a note, best of 20: 100 kB of prose (the project's README,
    repeated), 100 kB of the corpora's harmless notes (a name, a number or a date every 170
    characters: the worst case measured), 100 kB of a pasted census (made-up names, one a
    line), and one ordinary note of 1 kB."""
    from medcrm.pure.phi.text import first_names

    first_names()  # loaded once per process (about 10 ms), not per note
    harmless = [str(r["text"]) for c in CORPORA for r in load(c) if not r["phi"]]
    dense = "\n\n".join(harmless * 3)[:100_000]
    prose = ((HERE.parents[1] / "README.md").read_text(encoding="utf-8") * 4)[:100_000]
    families, given = ["Okonjo", "Lindqvist", "Baptiste", "Moreau", "Tanaka"], ["Grace", "Maria"]
    census = "\n".join(
        f"{families[i % 5]}, {given[i % 2]} | {60 + i % 30}F | POD{i % 5} lap chole | dispo home"
        for i in range(2_000)
    )[:100_000]
    notes = {"100 kB of prose": prose, "100 kB of dense notes": dense,
             "100 kB of a pasted census": census, "1 kB note": dense[:1000]}  # fmt: skip
    timings = {}
    for name, text in notes.items():
        timings[name] = min(_timed(text) for _ in range(20))
        print(f"{name}: {timings[name]:.1f} ms", file=out)
    for name in ("100 kB of prose", "1 kB note"):
        runs = sorted(_fresh(notes[name]) for _ in range(11))
        timings[f"{name}, fresh process"] = runs[5]
        print(f"{name} in a fresh process, with the guard's import: {runs[5]:.1f} ms", file=out)
    return timings


# What ``medcrm log`` pays for the guard: its import (after what the command has imported
# anyway) and its first check, in a new process (median of 11).
_FRESH = """
import sys, time
import typer, rich.table
note = sys.stdin.read()
start = time.perf_counter()
from medcrm.pure import phi
phi.find_phi(note)
print((time.perf_counter() - start) * 1000)
"""


def _fresh(text: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _FRESH], input=text, capture_output=True, text=True, check=True
    )
    return float(done.stdout)


def _timed(text: str) -> float:
    start = time.perf_counter()
    phi.find_phi(text)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default="dev.jsonl")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--speed", action="store_true", help="also time a 100 kB note")
    parser.add_argument("--rules", action="store_true", help="the rules alone, without the model")
    args = parser.parse_args()
    global RULES_ONLY
    RULES_ONLY = args.rules
    score(load(args.corpus), show=args.show_errors)
    if args.speed:
        speed()


if __name__ == "__main__":
    main()
