"""Facts that chapter 3 (Keras: thresholds and interpolation) states.

Each test pins one statement of the chapter's prose to a computation, so that a
change in Keras or in ``helpers.metrics`` that makes the text wrong fails here
and not only in a reader's eyes. Keras is called through ``helpers.libraries``.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.integrate import quad

from helpers import article, libraries, metrics

Y_TOY, S_TOY = article.TOY
METHODS = ("minoring", "interpolation", "majoring")


@st.composite
def binary_inputs(draw, max_size=30):
    """Labels with at least one positive, and scores in [0, 1] (ties likely)."""
    n = draw(st.integers(min_value=1, max_value=max_size))
    y = draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
    y[0] = 1
    decimals = draw(st.sampled_from([1, 2, 6]))
    s = draw(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n))
    return np.array(y, dtype=float), np.round(np.array(s), decimals)


def quadrature_area(c):
    """Integral of precision over recall along each segment, by quadrature.

    On the segment between thresholds j (A) and j + 1 (B), a fraction x of the
    bucket has been added: TP = TP_B + x dTP, P = P_B + x dP, d recall =
    dTP dx / N_+.
    """
    tp, p = c.tp, c.tp + c.fp
    n_pos = c.tp[0] + c.fn[0]
    total = 0.0
    for j in np.flatnonzero(tp[:-1] > tp[1:]):
        d_tp, d_p = tp[j] - tp[j + 1], p[j] - p[j + 1]

        def precision(x, j=j, d_tp=d_tp, d_p=d_p):
            return (tp[j + 1] + x * d_tp) / (p[j + 1] + x * d_p)

        total += quad(precision, 0.0, 1.0, epsabs=1e-13, epsrel=1e-12)[0] * d_tp
    return total / n_pos


@given(binary_inputs())
def test_closed_form_equals_numerical_integral(data):
    """eq-segment-area integrates the interpolated precision exactly."""
    y, s = data
    c = metrics.keras_confusion(y, s)
    closed = metrics.pr_auc_from_counts(c.tp, c.fp, c.fn, dtype="float64")
    assert closed == pytest.approx(quadrature_area(c), abs=1e-9)


@given(binary_inputs())
def test_bracket_holds_in_exact_arithmetic(data):
    """minoring <= interpolation <= majoring when computed in float64."""
    y, s = data
    c = metrics.keras_confusion(y, s)
    lo, mid, hi = (
        metrics.pr_auc_from_counts(c.tp, c.fp, c.fn, summation_method=m,
                                   dtype="float64")
        for m in METHODS
    )
    assert lo <= mid + 1e-12
    assert mid <= hi + 1e-12


def test_toy_input_is_one_minus_ln2():
    expected = 1 - math.log(2)
    assert libraries.keras_value(Y_TOY, S_TOY) == pytest.approx(expected, abs=1e-6)
    assert metrics.keras_pr_auc(Y_TOY, S_TOY) == pytest.approx(expected, abs=1e-6)
    assert metrics.average_precision(Y_TOY, S_TOY) == pytest.approx(0.5, abs=1e-12)
    lo, hi = (libraries.keras_value(Y_TOY, S_TOY, summation_method=m)
              for m in ("minoring", "majoring"))
    assert (lo, hi) == pytest.approx((0.0, 0.5), abs=1e-7)


def test_keras_float32_can_leave_the_bracket():
    """The chapter's counter-example: Keras's majoring is below interpolation."""
    y, s = [1, 1, 1, 1, 1], [0.9, 0.5, 1.0, 0.7, 0.8]
    lo, mid, hi = (libraries.keras_value(y, s, summation_method=m) for m in METHODS)
    assert mid == 1.0
    assert hi < mid
    assert mid - hi < 1e-7
    assert lo == pytest.approx(0.8, abs=1e-6)


def test_scores_on_grid_points_follow_the_bucket_index():
    """Keras counts 8 on-grid scores above their own grid point (T = 200)."""
    size = 200
    on_grid = np.arange(size) / (size - 1)
    positives = np.ones(size)
    m = libraries.keras_metric()
    libraries.keras_value(positives, on_grid, metric=m)
    tp_keras = libraries.keras_counts(m)[0]
    grid = metrics.keras_thresholds(size)
    tp_rule = metrics.confusion_at_thresholds(positives, on_grid, grid).tp
    np.testing.assert_array_equal(tp_keras,
                                  metrics.keras_confusion(positives, on_grid).tp)
    differ = np.flatnonzero(tp_keras != tp_rule).tolist()
    assert differ == [31, 53, 62, 103, 106, 111, 119, 124]


def test_uneven_custom_thresholds_take_the_comparison_path():
    size = 200
    on_grid = np.arange(size) / (size - 1)
    positives = np.ones(size)
    uneven = sorted(metrics.keras_thresholds(size)[1:-1].tolist() + [0.5])
    m = libraries.keras_metric(thresholds=uneven)
    libraries.keras_value(positives, on_grid, metric=m)
    c = metrics.keras_confusion(positives, on_grid, thresholds=uneven)
    rule = metrics.confusion_at_thresholds(positives, on_grid, c.thresholds)
    np.testing.assert_array_equal(libraries.keras_counts(m)[0], rule.tp)
    np.testing.assert_array_equal(c.tp, rule.tp)


def test_batching_and_order_leave_the_counts_unchanged():
    rng = np.random.default_rng(3)
    n = 300
    y = (rng.random(n) < 0.1).astype(float)
    s = 1 / (1 + np.exp(-(rng.normal(0, 1, n) + 2 * y - 2)))
    order = rng.permutation(n)
    ref = libraries.keras_metric()
    value = libraries.keras_value(y, s, metric=ref)
    for yy, ss, size in [(y, s, 7), (y[order], s[order], 32)]:
        m = libraries.keras_metric()
        assert libraries.keras_value(yy, ss, batch_size=size, metric=m) == value
        for a, b in zip(libraries.keras_counts(m), libraries.keras_counts(ref)):
            np.testing.assert_array_equal(a, b)


LOGIT_Y = [0, 0, 0, 1, 0, 1, 1, 1]
LOGITS = [-4.0, -2.5, -0.3, -0.2, 0.4, 1.5, 2.5, 6.0]


def test_even_path_clips_scores_silently():
    raw = libraries.keras_value(LOGIT_Y, LOGITS)
    clipped = libraries.keras_value(LOGIT_Y, np.clip(LOGITS, 0, 1))
    assert raw == clipped
    assert raw == pytest.approx(0.899143, abs=1e-6)
    assert libraries.keras_value(LOGIT_Y, LOGITS, from_logits=True) == (
        pytest.approx(0.944214, abs=1e-6))


def test_uneven_path_does_not_clip():
    """Positives above 1 + epsilon stay positive at every threshold: area 0."""
    m = libraries.keras_metric(thresholds=[0.1, 0.3, 0.7])
    assert libraries.keras_value(LOGIT_Y, LOGITS, metric=m) == 0.0
    np.testing.assert_array_equal(libraries.keras_counts(m)[0], [3, 3, 3, 3, 3])
    grid = [-metrics.EPSILON, 0.1, 0.3, 0.7, 1 + metrics.EPSILON]
    c = metrics.confusion_at_thresholds(LOGIT_Y, LOGITS, grid)
    assert metrics.pr_auc_from_counts(c.tp, c.fp, c.fn) == 0.0


@pytest.mark.parametrize("label", [0.6, 1.0, -1.0, 2.0])
def test_keras_casts_labels_to_bool(label):
    value = libraries.keras_value([0, 1, label, 0], [1.0, 1.0, 0.3, 1.0])
    assert value == pytest.approx(0.378985, abs=1e-6)


def test_counts_are_float32_and_stop_at_2_to_the_24():
    m = libraries.keras_metric(dtype="float64")
    assert m.true_positives.dtype == "float32"
    libraries.keras_value([0, 1], [0.1, 0.9], sample_weight=[2**24, 2**24], metric=m)
    libraries.keras_value(np.ones(10), np.full(10, 0.95), batch_size=1, metric=m)
    tp = libraries.keras_counts(m)[0]
    assert tp[0] == 2**24  # ten additions of 1 lost
    m = libraries.keras_metric()
    libraries.keras_value([0, 1], [0.1, 0.9], sample_weight=[2**24, 2**24], metric=m)
    libraries.keras_value(np.ones(10), np.full(10, 0.95), metric=m)
    assert libraries.keras_counts(m)[0][0] == 2**24 + 10  # one call: exact


def test_exercise_solutions():
    # Exercise 1: 1 - ln(1.5) / 2; AP 5/6.
    y, s = [1, 0, 1], [0.9, 0.6, 0.3]
    expected = 1 - 0.5 * math.log(1.5)
    assert round(expected, 4) == 0.7973
    assert metrics.keras_pr_auc(y, s) == pytest.approx(expected, abs=1e-6)
    assert libraries.keras_value(y, s) == pytest.approx(expected, abs=1e-6)
    assert metrics.average_precision(y, s) == pytest.approx(5 / 6, abs=1e-12)
    assert round(0.5 * (1 - math.log(1.5)), 4) == 0.2973
    # Exercise 2: a bucket at the top holding every positive gives a / (a + c).
    a, c = 2, 3
    y2, s2 = [1] * a + [0] * c + [0], [0.9] * (a + c) + [0.2]
    assert metrics.keras_pr_auc(y2, s2) == pytest.approx(a / (a + c), abs=1e-6)
    assert metrics.average_precision(y2, s2) == pytest.approx(a / (a + c))
    # Exercise 3: thresholds=[0.5] is evenly spaced; three thresholds; 1/3.
    m = libraries.keras_metric(thresholds=[0.5])
    assert len(m.thresholds) == 3
    assert libraries.keras_value(Y_TOY, S_TOY, metric=m) == pytest.approx(1 / 3,
                                                                           abs=1e-6)
    assert metrics.keras_pr_auc(Y_TOY, S_TOY, thresholds=[0.5]) == pytest.approx(
        1 / 3, abs=1e-6)


def _bucket(score, size=200):
    """Keras's bucket index (eq-bucket), in float32."""
    scaled = np.float32(score) * np.float32(size - 1)
    return max(int(np.ceil(scaled)) - 1, 0)


def test_toy_gap_is_all_summation_rule():
    """'Two sources of the gap': binning 0, summation rule (1 - ln 2) - 0.5."""
    g = metrics.gap_decomposition(Y_TOY, S_TOY)
    assert g.binning == pytest.approx(0.0, abs=1e-6)
    assert g.summation_rule == pytest.approx(math.log(0.5) + 0.5, abs=1e-9)
    assert g.keras_pr_auc == pytest.approx(libraries.keras_value(Y_TOY, S_TOY),
                                           abs=1e-6)


def test_shared_bucket_binning_cancels_the_summation_rule():
    """Moving the top negative to 0.802 puts it in bucket 159 with 0.8."""
    s = [0.7, 0.8, 0.5, 0.802, 0.1]
    assert _bucket(0.802) == _bucket(0.8) == 159
    g = metrics.gap_decomposition(Y_TOY, s)
    assert libraries.keras_value(Y_TOY, s) == pytest.approx(0.5, abs=1e-6)
    assert g.interpolated_every_score == pytest.approx(1 - math.log(2), abs=1e-12)
    assert g.binning == pytest.approx(0.5 - (1 - math.log(2)), abs=1e-6)
    assert g.total == pytest.approx(0.0, abs=1e-6)


def test_exercise_4_by_hand():
    """Solution 4: AP 5/6, I = 1 - ln(1.5)/2, Keras 0.5 + (1 + ln(3)/2)/4."""
    y, s = [1, 0, 1, 0, 0], [0.9, 0.801, 0.8, 0.3, 0.1]
    assert _bucket(0.801) == _bucket(0.8) == 159
    keras = 0.5 + 0.25 * (1 + 0.5 * math.log(3))
    every = 1 - 0.5 * math.log(1.5)
    g = metrics.gap_decomposition(y, s)
    assert libraries.keras_value(y, s) == pytest.approx(keras, abs=1e-6)
    assert g.interpolated_every_score == pytest.approx(every, abs=1e-12)
    assert g.average_precision == pytest.approx(5 / 6, abs=1e-12)
    assert g.binning == pytest.approx(keras - every, abs=1e-6)
    assert g.summation_rule == pytest.approx(every - 5 / 6, abs=1e-12)


def test_logits_example_is_the_articles_constant():
    """The chapter's logits example comes from helpers.article.LOGITS."""
    y, z = article.LOGITS
    assert libraries.keras_value(y, z) == pytest.approx(
        libraries.keras_value(y, np.clip(z, 0, 1)), abs=1e-7)
    assert libraries.keras_value(y, z, from_logits=True) == pytest.approx(
        metrics.keras_pr_auc(y, z, from_logits=True), abs=1e-6)
