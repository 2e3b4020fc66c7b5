"""The helpers against the real libraries, on generated and hand-picked inputs.

``average_precision`` must equal scikit-learn to 1e-12 and ``keras_pr_auc``
must equal ``keras.metrics.AUC(curve="PR")`` to 1e-6, for every input the
helpers accept: ties, scores exactly on Keras's thresholds (0, 1, k/(T-1)),
zero weights, small and large ``num_thresholds``, evenly and unevenly spaced
custom thresholds, logits.
"""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from helpers import metrics
from helpers.libraries import keras_counts, keras_metric, keras_value, sklearn_ap

AP_TOL = 1e-12
KERAS_TOL = 1e-6
METHODS = ("interpolation", "minoring", "majoring")
SIZES = st.sampled_from([2, 3, 4, 5, 7, 10, 11, 50, 101, 199, 200, 201, 1000, 10001])


@st.composite
def scores_on(draw, n, num_thresholds):
    """Scores of one of several kinds, most of them hard for bucketing."""
    kind = draw(st.sampled_from(["uniform", "grid", "ties", "ends", "mixed"]))
    if kind == "uniform":
        return np.array(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)))
    if kind == "grid":  # exactly on Keras's thresholds k / (T - 1)
        ks = draw(st.lists(st.integers(0, num_thresholds - 1), min_size=n,
                           max_size=n))
        return np.array(ks) / (num_thresholds - 1)
    if kind == "ties":
        levels = draw(st.lists(st.floats(0, 1), min_size=1, max_size=3))
        return np.array(draw(st.lists(st.sampled_from(levels), min_size=n,
                                      max_size=n)))
    if kind == "ends":
        return np.array(draw(st.lists(st.sampled_from([0.0, 1.0, 0.5]),
                                      min_size=n, max_size=n)))
    near = [0.0, 1.0, np.nextafter(0, 1), np.nextafter(1, 0),
            1 / (num_thresholds - 1), np.float32(1 / 3), 0.1, 0.7]
    return np.array(draw(st.lists(st.one_of(st.sampled_from(near), st.floats(0, 1)),
                                  min_size=n, max_size=n)))


@st.composite
def problems(draw, weighted=None, min_size=1, max_size=40):
    n = draw(st.integers(min_size, max_size))
    y = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    num_thresholds = draw(SIZES)
    s = draw(scores_on(n, num_thresholds))
    if weighted is None:
        weighted = draw(st.booleans())
    w = None
    if weighted:
        w = np.array(draw(st.lists(
            st.one_of(st.sampled_from([0.0, 1.0, 2.0, 3.0]), st.floats(0, 5)),
            min_size=n, max_size=n)))
    return y, s, w, num_thresholds


def has_positive(y, w):
    """A positive of non-zero weight, as Keras sees weights: float32, with
    subnormals flushed to zero (a weight of 5e-324 is no weight)."""
    if w is None:
        return y.sum() > 0
    w32 = w.astype(np.float32)
    return (y * (w32 >= np.finfo(np.float32).tiny)).sum() > 0


@given(problems())
def test_average_precision_equals_sklearn(problem):
    y, s, w, _ = problem
    assume(has_positive(y, w))
    if w is not None:
        assume((w > 0).any())
    assert metrics.average_precision(y, s, sample_weight=w) == pytest.approx(
        sklearn_ap(y, s, sample_weight=w), abs=AP_TOL)


@given(problems())
def test_average_precision_is_bit_identical_to_sklearn(problem):
    """Same counts, same sum, same order: equal floats, not merely close ones."""
    y, s, w, _ = problem
    assume(has_positive(y, w))
    assert metrics.average_precision(y, s, sample_weight=w) == sklearn_ap(
        y, s, sample_weight=w)


@given(problems(weighted=False), st.floats(-1e3, 1e3), st.floats(0.01, 100))
def test_average_precision_on_any_real_scores(problem, shift, scale):
    y, s, _, _ = problem
    assume(has_positive(y, None))
    z = s * scale + shift
    assert metrics.average_precision(y, z) == pytest.approx(sklearn_ap(y, z),
                                                            abs=AP_TOL)


@given(problems(), st.sampled_from(METHODS))
def test_keras_pr_auc_equals_keras(problem, method):
    y, s, w, num_thresholds = problem
    assume(has_positive(y, w))
    got = metrics.keras_pr_auc(y, s, num_thresholds=num_thresholds,
                               summation_method=method, sample_weight=w)
    want = keras_value(y, s, num_thresholds=num_thresholds,
                       summation_method=method, sample_weight=w)
    assert got == pytest.approx(want, abs=KERAS_TOL)


@given(problems())
def test_counts_equal_keras_state(problem):
    """Bucket for bucket: the four count vectors after one update_state."""
    y, s, w, num_thresholds = problem
    m = keras_metric(num_thresholds=num_thresholds)
    keras_value(y, s, sample_weight=w, metric=m)
    c = metrics.keras_confusion(y, s, num_thresholds=num_thresholds,
                                sample_weight=w)
    for mine, theirs in zip((c.tp, c.fp, c.tn, c.fn), keras_counts(m)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-6, atol=1e-5)
    np.testing.assert_array_equal(c.thresholds, np.array(m.thresholds))


even_custom = st.integers(3, 60).map(
    lambda k: [(i + 1) / (k - 1) for i in range(k - 2)])
uneven_custom = st.lists(st.floats(0, 1), min_size=0, max_size=8)
on_grid_custom = st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0, 0.3, 0.1]),
                          min_size=1, max_size=6)


@given(problems(), st.one_of(even_custom, uneven_custom, on_grid_custom),
       st.sampled_from(METHODS))
def test_custom_thresholds_equal_keras(problem, thresholds, method):
    y, s, w, _ = problem
    assume(has_positive(y, w))
    got = metrics.keras_pr_auc(y, s, thresholds=thresholds, summation_method=method,
                               sample_weight=w)
    want = keras_value(y, s, thresholds=list(thresholds), summation_method=method,
                       sample_weight=w)
    assert got == pytest.approx(want, abs=KERAS_TOL)


@given(problems(weighted=False), st.floats(0.1, 30), st.sampled_from(METHODS))
def test_from_logits_equals_keras(problem, scale, method):
    y, s, _, num_thresholds = problem
    assume(has_positive(y, None))
    z = (s - 0.5) * scale
    got = metrics.keras_pr_auc(y, z, from_logits=True, summation_method=method,
                               num_thresholds=num_thresholds)
    want = keras_value(y, z, from_logits=True, summation_method=method,
                       num_thresholds=num_thresholds)
    assert got == pytest.approx(want, abs=KERAS_TOL)


@given(problems(weighted=False, min_size=2), st.integers(1, 7))
def test_batching_does_not_change_keras(problem, batch_size):
    """Keras sums counts over update_state calls, so batching changes nothing."""
    y, s, _, num_thresholds = problem
    assume(has_positive(y, None))
    once = keras_value(y, s, num_thresholds=num_thresholds)
    batched = keras_value(y, s, num_thresholds=num_thresholds, batch_size=batch_size)
    assert batched == pytest.approx(once, abs=KERAS_TOL)
    assert metrics.keras_pr_auc(y, s, num_thresholds=num_thresholds) == (
        pytest.approx(batched, abs=KERAS_TOL))


@given(problems())
def test_order_of_input_does_not_matter(problem):
    y, s, w, num_thresholds = problem
    assume(has_positive(y, w))
    rev = slice(None, None, -1)
    wr = None if w is None else w[rev]
    assert metrics.average_precision(y[rev], s[rev], sample_weight=wr) == (
        pytest.approx(metrics.average_precision(y, s, sample_weight=w), abs=1e-12))
    # Unweighted counts are integers, so Keras's value cannot depend on the
    # order. Weighted ones are float32 sums in input order, in Keras and (to
    # match it) in the helper, so there the order may move the last bits:
    # test_keras_pr_auc_equals_keras holds the helper to Keras instead.
    assert metrics.keras_pr_auc(y[rev], s[rev]) == pytest.approx(
        metrics.keras_pr_auc(y, s), abs=1e-12)


@given(problems(weighted=True))
def test_zero_weight_removes_the_sample(problem):
    y, s, w, num_thresholds = problem
    assume(has_positive(y, w))
    keep = w > 0
    assert metrics.average_precision(y, s, sample_weight=w) == pytest.approx(
        metrics.average_precision(y[keep], s[keep], sample_weight=w[keep]),
        abs=1e-12)
    assert metrics.keras_pr_auc(y, s, sample_weight=w,
                                num_thresholds=num_thresholds) == pytest.approx(
        metrics.keras_pr_auc(y[keep], s[keep], sample_weight=w[keep],
                             num_thresholds=num_thresholds), abs=1e-12)


@given(problems(weighted=False))
def test_bracket_and_unit_interval(problem):
    y, s, _, num_thresholds = problem
    assume(has_positive(y, None))
    vals = [metrics.keras_pr_auc(y, s, num_thresholds=num_thresholds,
                                 summation_method=m) for m in METHODS]
    assert all(-1e-7 <= v <= 1 + 1e-6 for v in vals)
    assert vals[1] <= vals[2] + 1e-7  # minoring <= majoring


# Inputs taken from the libraries' own test suites.
KERAS_SUITE = dict(y=[0, 0, 1, 1], s=[0, 0.5, 0.3, 0.9], w=[1, 2, 3, 4])


@pytest.mark.parametrize("method, expected", [
    # tp = [7, 4, 0], fp = [3, 0, 0]: heights max/min of precision [0.7, 1, 0].
    ("majoring", 1.0),
    ("minoring", 0.7 * 3 / 7),
    ("interpolation", (0.5 * (3 + 2 * np.log(2.5)) + 4) / 7),
])
def test_keras_suite_weighted_three_thresholds(method, expected):
    k = KERAS_SUITE
    got = metrics.keras_pr_auc(k["y"], k["s"], num_thresholds=3,
                               summation_method=method, sample_weight=k["w"])
    assert got == pytest.approx(expected, abs=KERAS_TOL)
    assert got == pytest.approx(
        keras_value(k["y"], k["s"], num_thresholds=3, summation_method=method,
                    sample_weight=k["w"]), abs=KERAS_TOL)
    c = metrics.keras_confusion(k["y"], k["s"], num_thresholds=3,
                                sample_weight=k["w"])
    np.testing.assert_array_equal(c.tp, [7, 4, 0])
    np.testing.assert_array_equal(c.fp, [3, 0, 0])
    np.testing.assert_array_equal(c.fn, [0, 3, 7])
    np.testing.assert_array_equal(c.tn, [0, 3, 3])


def test_keras_suite_manual_threshold():
    k = KERAS_SUITE
    got = metrics.keras_pr_auc(k["y"], k["s"], thresholds=[0.5])
    assert got == pytest.approx(keras_value(k["y"], k["s"], thresholds=[0.5]),
                                abs=KERAS_TOL)


@pytest.mark.parametrize("y, s, expected", [
    ([0, 1], [0, 1], 1.0),
    ([0, 1], [1, 0], 0.5),
    ([1, 0], [1, 1], 0.5),
    ([1, 0], [1, 0], 1.0),
    ([1, 0], [0.5, 0.5], 0.5),
    ([1, 1], [0.25, 0.75], 1.0),
    ([1 if i % 4 == 0 else 0 for i in range(100)], [1.0] * 100, 0.25),
])
def test_sklearn_suite_toy_data(y, s, expected):
    assert metrics.average_precision(y, s) == pytest.approx(expected, abs=AP_TOL)
    assert sklearn_ap(y, s) == pytest.approx(expected, abs=AP_TOL)


def test_large_input_agrees_with_both():
    rng = np.random.default_rng(20261203)
    n = 200_000
    y = rng.random(n) < 0.03
    s = 1 / (1 + np.exp(-(rng.normal(0, 1, n) + 2 * y - 2)))
    w = rng.integers(0, 4, n).astype(float)
    assert metrics.average_precision(y, s, sample_weight=w) == pytest.approx(
        sklearn_ap(y, s, sample_weight=w), abs=AP_TOL)
    for method in METHODS:
        assert metrics.keras_pr_auc(y, s, summation_method=method) == (
            pytest.approx(keras_value(y, s, summation_method=method), abs=KERAS_TOL))
