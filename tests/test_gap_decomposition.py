"""``gap_decomposition``: its parts add up and each one matches a real library.

The total gap ``keras_pr_auc - average_precision`` is split at the interpolation
with a threshold at every distinct score. That middle value is checked against
Keras itself, run with custom thresholds placed just below every distinct
score: the inputs are chosen so that this placement is exact in float32.
"""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import libraries, metrics

# Small inputs keep the Keras-backed tests to seconds.
MAX_N = 40
KERAS_EXAMPLES = 40

# Scores in [0, 1]: a coarse grid (many ties) or any float.
any_score = st.one_of(
    st.integers(0, 8).map(lambda k: k / 8),
    st.floats(0.0, 1.0, allow_nan=False, allow_infinity=False),
)
# Scores that are float32 numbers in (0, 1]: the float32 number just below each
# is still >= 0 and lies strictly between it and the next smaller float32.
float32_score = st.one_of(
    st.integers(1, 16).map(lambda k: k / 16),
    st.floats(2.0 ** -20, 1.0, width=32),
)


@st.composite
def labelled(draw, scores=any_score, min_size=1):
    """(y_true, y_score) with at least one positive."""
    n = draw(st.integers(min_size, MAX_N))
    y = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)), float)
    assume(y.sum() > 0)
    s = np.array(draw(st.lists(scores, min_size=n, max_size=n)), float)
    return y, s


def _evenly_spaced(inner):
    """Keras's own test for its bucket path, on ``[0, *inner, 1]``."""
    full = np.concatenate([[0.0], inner, [1.0]])
    even = np.arange(full.size, dtype=np.float32) / (full.size - 1)
    return bool(np.allclose(full, even, atol=metrics.EPSILON))


@given(labelled(), st.sampled_from([2, 3, 10, 200, 1000]))
def test_parts_add_up_to_the_total(data, num_thresholds):
    y, s = data
    g = metrics.gap_decomposition(y, s, num_thresholds=num_thresholds)
    assert g.binning + g.summation_rule == pytest.approx(g.total, abs=1e-9)
    assert g.total == pytest.approx(g.keras_pr_auc - g.average_precision, abs=1e-9)
    assert g.binning == pytest.approx(
        g.keras_pr_auc - g.interpolated_every_score, abs=1e-9
    )
    assert g.summation_rule == pytest.approx(
        g.interpolated_every_score - g.average_precision, abs=1e-9
    )


@given(labelled(), st.sampled_from([2, 200]))
def test_weighted_parts_add_up(data, num_thresholds):
    y, s = data
    w = np.linspace(0.5, 2.0, y.size)
    g = metrics.gap_decomposition(y, s, num_thresholds=num_thresholds,
                                  sample_weight=w)
    assert g.binning + g.summation_rule == pytest.approx(g.total, abs=1e-9)
    assert g.average_precision == pytest.approx(
        libraries.sklearn_ap(y, s, sample_weight=w), abs=1e-12
    )


@given(labelled())
def test_average_precision_part_is_sklearn(data):
    y, s = data
    g = metrics.gap_decomposition(y, s)
    assert g.average_precision == pytest.approx(libraries.sklearn_ap(y, s), abs=1e-12)


@settings(max_examples=KERAS_EXAMPLES)
@given(labelled(), st.sampled_from([2, 3, 50, 200]))
def test_keras_part_is_keras(data, num_thresholds):
    y, s = data
    g = metrics.gap_decomposition(y, s, num_thresholds=num_thresholds)
    expected = libraries.keras_value(y, s, num_thresholds=num_thresholds)
    assert g.keras_pr_auc == pytest.approx(expected, abs=1e-6)


@settings(max_examples=KERAS_EXAMPLES)
@given(labelled(float32_score))
def test_every_score_interpolation_is_keras_with_a_threshold_below_each_score(data):
    y, s = data
    levels = np.unique(s.astype(np.float32))
    # The float32 number just below each distinct score: ``score > threshold``
    # then selects exactly the samples scored at least that score.
    below = np.nextafter(levels, np.float32(0.0))
    assert (below >= 0).all() and (below < levels).all()
    assume(not _evenly_spaced(below))  # else Keras would use buckets instead
    expected = libraries.keras_value(y, s, thresholds=[float(t) for t in below])
    got = metrics.gap_decomposition(y, s).interpolated_every_score
    assert got == pytest.approx(expected, abs=1e-6)


def test_evenly_spaced_guard_is_needed():
    # Why the test above skips evenly spaced thresholds: one score at 0.5 puts
    # its threshold within 1e-7 of the middle of [0, 1], Keras takes the bucket
    # path, and the score is no longer above its own threshold.
    below = np.nextafter(np.float32(0.5), np.float32(0.0))
    assert _evenly_spaced(np.array([below]))


def test_perfect_but_close_is_all_binning():
    # Reported case 'perfect-but-close': 50 negatives at 0.501, 50 positives at
    # 0.502, one Keras bucket for all of them.
    y = np.repeat([0.0, 1.0], 50)
    s = np.repeat([0.501, 0.502], 50)
    g = metrics.gap_decomposition(y, s)
    assert g.average_precision == pytest.approx(1.0, abs=1e-6)
    assert g.keras_pr_auc == pytest.approx(0.5, abs=1e-6)
    assert g.interpolated_every_score == pytest.approx(1.0, abs=1e-6)
    assert g.binning == pytest.approx(-0.5, abs=1e-6)
    assert g.summation_rule == pytest.approx(0.0, abs=1e-9)
    assert metrics.keras_pr_auc(y, s, num_thresholds=10001) == pytest.approx(
        1.0, abs=1e-6
    )


def test_peaked_scores_collapse_to_the_prevalence():
    # Reported case 'peaked-scores', rebuilt with its generator.
    rng = np.random.default_rng(1)
    n = 5000
    y = rng.random(n) < 0.02
    s = np.where(y, rng.uniform(0.0030, 0.0050, n), rng.uniform(0.0, 0.0035, n))
    g = metrics.gap_decomposition(y, s)
    assert g.average_precision == pytest.approx(0.750829, abs=1e-6)
    assert g.keras_pr_auc == pytest.approx(0.0184, abs=1e-6)
    assert g.keras_pr_auc == pytest.approx(y.mean(), abs=1e-6)
    assert metrics.keras_pr_auc(y, s, num_thresholds=2000) == pytest.approx(
        0.747989, abs=1e-6
    )
    assert g.binning + g.summation_rule == pytest.approx(g.total, abs=1e-9)


def test_no_positives_warns_and_gives_zero_parts():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = metrics.gap_decomposition([0, 0, 0], [0.9, 0.5, 0.1])
    assert any(issubclass(w.category, metrics.NoPositivesWarning) for w in caught)
    assert (g.average_precision, g.keras_pr_auc, g.total) == (0.0, 0.0, 0.0)


# --- The chapter 05 figures of helpers.plotting draw these parts.


@pytest.fixture
def _agg():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def _example():
    rng = np.random.default_rng(91)
    y = np.zeros(30)
    y[rng.choice(30, 4, replace=False)] = 1
    return y, np.round(0.2 + 0.1 * rng.random(30) + 0.04 * y, 3)


def _area_under(line):
    x, y = line.get_data()
    return float(np.trapezoid(y, x)) if x[0] < x[-1] else float(-np.trapezoid(y, x))


def test_gap_curves_draw_the_three_areas(_agg):
    from helpers import plotting

    y, s = _example()
    g = metrics.gap_decomposition(y, s)
    top, bottom = plotting.gap_curves(y, s)
    ap_steps, every_top = top.lines[:2]
    every_bottom, keras_line = bottom.lines[:2]
    # The step line, drawn "post" over decreasing recall, encloses AP exactly.
    r, p = (np.asarray(v, float) for v in ap_steps.get_data())
    assert float(np.sum((r[:-1] - r[1:]) * p[:-1])) == pytest.approx(
        g.average_precision, abs=1e-12)
    # The interpolated curves are sampled densely: their areas agree to 1e-3.
    assert _area_under(every_top) == pytest.approx(g.interpolated_every_score,
                                                   abs=1e-3)
    assert _area_under(every_bottom) == pytest.approx(g.interpolated_every_score,
                                                      abs=1e-3)
    assert _area_under(keras_line) == pytest.approx(g.keras_pr_auc, abs=1e-3)


def test_gap_bars_heights_are_the_parts(_agg):
    from helpers import plotting

    y, s = _example()
    cases = [metrics.gap_decomposition(y, s),
             metrics.gap_decomposition(np.repeat([0.0, 1.0], 50),
                                       np.repeat([0.501, 0.502], 50))]
    ax = plotting.gap_bars(["band", "close"], cases)
    binning = [b.get_height() for b in ax.containers[0]]
    rule = [b.get_height() for b in ax.containers[1]]
    assert binning == pytest.approx([c.binning for c in cases], abs=1e-12)
    assert rule == pytest.approx([c.summation_rule for c in cases], abs=1e-12)
    totals = ax.collections[0].get_offsets()[:, 1]
    assert list(totals) == pytest.approx([c.total for c in cases], abs=1e-12)


def test_chapter05_figures_refuse_bad_shapes(_agg):
    from helpers import plotting

    with pytest.raises(ValueError, match="labels and decompositions"):
        plotting.gap_bars(["a", "b"], [])
    ax = plotting.new_axes()
    with pytest.raises(ValueError, match=r"values must have shape \(n_draws, 3\)"):
        plotting.quantile_band([1, 2, 3], np.zeros((4, 2)), label="binning", ax=ax)
    with pytest.raises(ValueError, match="label must be one of"):
        plotting.quantile_band([1, 2, 3], np.zeros((4, 3)), label="gap", ax=ax)
    with pytest.raises(ValueError, match="curves must be a non-empty mapping"):
        plotting.gap_collapse({}, xlabel="x", ylabel="y")
    with pytest.raises(ValueError, match="x, y and large"):
        plotting.rule_map([1, 2], [1], [True, False], x_cut=1, y_cut=1,
                          xlabel="x", ylabel="y")


def test_rule_map_separates_large_gaps(_agg):
    from helpers import plotting

    ax = plotting.rule_map([1, 10, 100], [0.5, 0.01, 0.2], [True, False, True],
                           x_cut=29, y_cut=0.09, xlabel="positives",
                           ylabel="crowding")
    small, large = ax.collections[:2]
    assert small.get_offsets().tolist() == [[10.0, 0.01]]
    assert large.get_offsets().tolist() == [[1.0, 0.5], [100.0, 0.2]]
    assert ax.get_xscale() == ax.get_yscale() == "log"


def test_sweep_parts_draws_the_total_last(_agg):
    from helpers import plotting

    x = [1, 10, 100]
    parts = {"binning": [0.0, 0.01, 0.0], "summation rule": [-0.2, -0.1, -0.01],
             "total": [-0.2, -0.09, -0.01]}
    ax = plotting.sweep_parts(x, parts, xlabel="positives", ylabel="gap",
                              logx=True)
    total = ax.lines[-1]
    np.testing.assert_array_equal(total.get_ydata(), parts["total"])
    assert total.get_label() == "total" and total.get_linestyle() == "--"
    labels = [line.get_label() for line in ax.lines]
    assert labels[:2] == ["binning", "summation rule"]
    assert ax.get_xscale() == "log"
    with pytest.raises(ValueError, match="parts must be a mapping with a 'total'"):
        plotting.sweep_parts(x, {"binning": [0, 0, 0]}, xlabel="x", ylabel="y")


def test_class_buckets_counts_each_non_empty_bucket(_agg):
    from helpers import plotting

    y = np.array([0, 0, 0, 1, 1, 0])
    s = np.array([0.0, 0.001, 0.002, 0.003, 0.5, 0.9])
    ax = plotting.class_buckets(y, s)
    negatives, positives = ax.containers[0], ax.containers[1]
    # Buckets: the first four scores share bucket 0; 0.5 and 0.9 have their own.
    assert [b.get_height() for b in negatives] == [3, 0, 1]
    assert [b.get_height() for b in positives] == [1, 1, 0]
    assert ax.get_yscale() == "log"


def test_bound_map_puts_every_point_and_checks_shapes(_agg):
    from helpers import plotting

    bound, gap = [0.02, 0.001, 0.5], [0.015, 0.0, 0.3]
    ax = plotting.bound_map(bound, gap)
    points = ax.collections[0].get_offsets()
    np.testing.assert_allclose(points[:, 0], bound)
    np.testing.assert_allclose(points[:, 1], [0.015, 1e-6, 0.3])
    with pytest.raises(ValueError, match="bound and gap must be 1-D of one length"):
        plotting.bound_map([0.1, 0.2], [0.1])
