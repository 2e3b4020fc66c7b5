"""``helpers.diagnostics``: the AP interval from Keras's counts always holds.

The interval is checked against the exact values of
:func:`helpers.metrics.gap_decomposition` on random inputs (many ties, any
bucket layout, with and without weights), and once on the count variables of a
real Keras metric.
"""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import diagnostics, libraries, metrics

TOY = ([0, 1, 0, 0, 0], [0.7, 0.8, 0.5, 0.9, 0.1])
SLACK = 1e-9

any_score = st.one_of(
    st.integers(0, 8).map(lambda k: k / 8),
    st.floats(0.0, 1.0, allow_nan=False, allow_infinity=False),
    st.floats(0.49, 0.51, allow_nan=False),
)


@st.composite
def labelled(draw, weighted=False):
    n = draw(st.integers(1, 60))
    y = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)),
                 float)
    assume(y.sum() > 0)
    s = np.array(draw(st.lists(any_score, min_size=n, max_size=n)))
    w = None
    if weighted:
        w = np.array(draw(st.lists(st.sampled_from([0.5, 1.0, 2.0, 3.0]),
                                   min_size=n, max_size=n)))
    return y, s, w


@settings(max_examples=300, deadline=None)
@given(labelled(), st.sampled_from([2, 3, 10, 50, 200]))
def test_gap_interval_holds(data, num_thresholds):
    y, s, _ = data
    d = metrics.gap_decomposition(y, s, num_thresholds=num_thresholds)
    g = diagnostics.gap_check(y, s, num_thresholds=num_thresholds)
    assert g.ap_low - SLACK <= d.average_precision <= g.ap_high + SLACK
    assert g.gap_low - SLACK <= d.total <= g.gap_high + SLACK
    assert g.keras_pr_auc == pytest.approx(d.keras_pr_auc, abs=1e-12)
    if abs(d.total) > 0.01 + SLACK:
        assert g.flagged


@settings(max_examples=200, deadline=None)
@given(labelled(weighted=True))
def test_interval_holds_with_weights_and_unit(data):
    y, s, w = data
    assume(np.sum(w * y) > 0)
    c = metrics.keras_confusion(y, s, sample_weight=w)
    ap = metrics.average_precision(y, s, sample_weight=w)
    low, high = diagnostics.ap_bounds_from_counts(c.tp, c.fp, c.fn,
                                                  unit=0.5)
    assert low - SLACK <= ap <= high + SLACK


def test_toy_interval_is_exact():
    # Every sample in its own bucket: the counts fix the order, so AP too.
    g = diagnostics.gap_check(*TOY)
    assert g.ap_low == pytest.approx(0.5) and g.ap_high == pytest.approx(0.5)
    assert g.gap_low == pytest.approx(1 - np.log(2) - 0.5, abs=1e-6)
    assert g.flagged


def test_perfect_but_close_is_flagged():
    y, s = np.repeat([0.0, 1.0], 50), np.repeat([0.501, 0.502], 50)
    g = diagnostics.gap_check(y, s)
    assert g.keras_pr_auc == pytest.approx(0.5)
    assert g.ap_low <= 1.0 <= g.ap_high and g.flagged
    assert not diagnostics.gap_check(y, s, num_thresholds=10001).flagged


def test_spread_well_ranked_scores_are_not_flagged():
    rng = np.random.default_rng(3)
    y = (np.arange(2000) < 200).astype(float)
    s = 1 / (1 + np.exp(-(rng.normal(0, 1, 2000) + 4 * (y - 0.5))))
    assert not diagnostics.gap_check(y, s).flagged


def test_real_keras_counts_give_the_same_interval():
    m = libraries.keras_metric(num_thresholds=20)
    m.update_state(*TOY)
    tp, fp, _, fn = libraries.keras_counts(m)
    c = metrics.keras_confusion(*TOY, num_thresholds=20)
    ours = diagnostics.ap_bounds_from_counts(c.tp, c.fp, c.fn)
    assert diagnostics.ap_bounds_from_counts(tp, fp, fn) == pytest.approx(ours)


def test_no_positive_warns_and_returns_zeros():
    with pytest.warns(metrics.NoPositivesWarning):
        out = diagnostics.ap_bounds_from_counts([0, 0], [3, 0], [0, 0])
    assert out == (0.0, 0.0)


@pytest.mark.parametrize(
    "tp, fp, fn, kwargs, match",
    [
        ([[1, 0]], [2, 0], [0, 1], {}, "tp must be a 1-D array"),
        ([1], [1], [0], {}, "length >= 2"),
        ([1, -1], [2, 0], [0, 2], {}, "finite counts >= 0"),
        ([1, np.nan], [2, 0], [0, 1], {}, "finite counts >= 0"),
        ([0, 1], [2, 0], [1, 0], {}, "tp must not increase"),
        ([1, 0], [0, 2], [0, 1], {}, "fp must not increase"),
        ([1, 0, 0], [2, 0], [0, 1], {}, "one length"),
        ([1, 0], [2, 0], [0, 1], {"unit": 0}, "unit must be a number > 0"),
    ],
)
def test_bad_counts_raise(tp, fp, fn, kwargs, match):
    with pytest.raises(ValueError, match=match):
        diagnostics.ap_bounds_from_counts(tp, fp, fn, **kwargs)


@pytest.mark.parametrize("level", [0, -0.1, float("nan"), "0.01"])
def test_bad_level_raises(level):
    with pytest.raises(ValueError, match="level must be a number > 0"):
        diagnostics.gap_check(*TOY, level=level)


def test_bad_scores_raise_as_in_metrics():
    with pytest.raises(ValueError, match="y_score"):
        diagnostics.gap_check([0, 1], [0.2, 1.5])


def test_bucket_crowding():
    assert diagnostics.bucket_crowding(np.repeat([0, 1], 50),
                                       np.repeat([0.501, 0.502], 50)) == 1.0
    assert diagnostics.bucket_crowding(*TOY) == pytest.approx(0.2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert diagnostics.bucket_crowding([0, 0], [0.1, 0.2]) == 0.0
    with pytest.raises(ValueError, match="y_true"):
        diagnostics.bucket_crowding([0, 2], [0.1, 0.2])
