"""The reported cases (tests/data/reported_cases.json), rebuilt from their recipes."""

import json
import pathlib

import numpy as np

from helpers.data import sigmoid

DATA = pathlib.Path(__file__).parent / "data"




def load_cases():
    """Cases from tests/data/reported_cases.json, keyed by id."""
    cases = json.loads((DATA / "reported_cases.json").read_text())["cases"]
    return {c["id"]: c for c in cases}


def rebuild(case_id):
    """(y_true, y_score, sample_weight) of a case, from its arrays or recipe.

    The recipes are those written in the case file, drawn in the order given.
    """
    c = load_cases()[case_id]
    if "y_true" in c:
        return (np.array(c["y_true"]), np.array(c["y_score"]),
                None if "sample_weight" not in c else np.array(c["sample_weight"]))
    if case_id == "constant-scores-one-positive":
        y = np.zeros(10000)
        y[0] = 1
        return y, np.zeros(10000), None
    if case_id == "peaked-scores":
        rng = np.random.default_rng(1)
        n = 5000
        y = rng.random(n) < 0.02
        a = rng.uniform(0.0030, 0.0050, n)
        b = rng.uniform(0.0, 0.0035, n)
        return y, np.where(y, a, b), None
    if case_id == "two-column-softmax":
        rng = np.random.default_rng(8)
        n = 1000
        y = rng.random(n) < 0.15
        p1 = sigmoid(rng.normal(0, 1, n) + 2 * y - 2)
        return y, p1, None
    if case_id == "mean-of-batch-values":
        rng = np.random.default_rng(9)
        n = 3200
        y = rng.random(n) < 0.05
        return y, sigmoid(rng.normal(0, 1, n) + 2 * y - 1), None
    if case_id == "summed-replica-results":
        rng = np.random.default_rng(21)
        n = 4000
        y = rng.random(n) < 0.1
        return y, sigmoid(rng.normal(0, 1, n) + 2 * y - 2), None
    raise KeyError(case_id)
