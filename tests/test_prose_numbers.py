"""Numbers quoted in pages without code (book/intro.md) are asserted here.

Each value is recomputed with the real libraries and must appear, as written,
in the page.
"""

import pathlib

import numpy as np
import pytest

from helpers import article, metrics
from helpers.libraries import keras_value, sklearn_ap

INTRO = (pathlib.Path(__file__).resolve().parents[1] / "book" / "intro.md").read_text()


def test_toy_input_numbers():
    y, s = article.TOY
    assert sklearn_ap(y, s) == 0.5
    assert keras_value(y, s) == pytest.approx(1 - np.log(2), abs=1e-6)
    assert "AP is 0.5 and Keras PR-AUC is 1 − ln 2 ≈ 0.306853" in INTRO
    assert f"{1 - np.log(2):.6f}" == "0.306853"


def test_seeded_input_numbers():
    y, s = article.thousand_samples()
    g = metrics.gap_decomposition(y, s)
    quoted = (f"AP is {sklearn_ap(y, s):.4f} and Keras PR-AUC "
              f"{keras_value(y, s):.4f}: binning adds\n{g.binning:.6f} and the "
              f"summation rule takes away {-g.summation_rule:.6f}.")
    assert quoted in INTRO


def test_default_grid_as_described():
    t = metrics.keras_thresholds()
    assert t.size == 200
    assert t[1] == 1 / 199 and t[-2] == 198 / 199
    assert "−ε, 1/199, …, 198/199, 1+ε" in INTRO
