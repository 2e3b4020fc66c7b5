"""Every reported case whose expected helper value is a number or an error.

The cases (tests/data/reported_cases.json) are situations practitioners ran
into; each ``expected_helpers`` entry is checked here to 1e-6, and the value the
real library gives is checked against the case's ``measured`` entry where the
case states one.
"""

import warnings

import numpy as np
import pytest

from helpers import metrics
from helpers.libraries import keras_value, sklearn_ap

from tests.reported import load_cases, rebuild

CASES = load_cases()
TOL = 1e-6


def numeric_cases(key):
    return [cid for cid, c in CASES.items()
            if isinstance(c.get("expected_helpers", {}).get(key), (int, float))]


@pytest.mark.parametrize("case_id", numeric_cases("average_precision"))
def test_average_precision(case_id):
    y, s, w = rebuild(case_id)
    expected = CASES[case_id]["expected_helpers"]["average_precision"]
    got = metrics.average_precision(y, s, sample_weight=w)
    assert got == pytest.approx(expected, abs=TOL)
    assert got == pytest.approx(sklearn_ap(y, s, sample_weight=w), abs=1e-12)


@pytest.mark.parametrize("case_id", numeric_cases("keras_pr_auc"))
def test_keras_pr_auc(case_id):
    y, s, w = rebuild(case_id)
    expected = CASES[case_id]["expected_helpers"]["keras_pr_auc"]
    got = metrics.keras_pr_auc(y, s, sample_weight=w)
    assert got == pytest.approx(expected, abs=TOL)
    assert got == pytest.approx(keras_value(y, s, sample_weight=w), abs=TOL)


def test_summation_methods_negative_ranked_first():
    y, s, _ = rebuild("negative-ranked-first")
    exp = CASES["negative-ranked-first"]["expected_helpers"]
    for method in ("minoring", "majoring"):
        got = metrics.keras_pr_auc(y, s, summation_method=method)
        assert got == pytest.approx(exp[f"keras_pr_auc_{method}"], abs=TOL)
        assert got == pytest.approx(
            keras_value(y, s, summation_method=method), abs=TOL)
    # The interpolation here is 1 - ln 2, exactly (chapter 03 derives it).
    assert metrics.keras_pr_auc(y, s) == pytest.approx(1 - np.log(2), abs=TOL)


def test_trapezoid_is_what_sklearn_auc_gives():
    from sklearn.metrics import auc, precision_recall_curve

    for cid in ("trapezoid-vs-step", "constant-scores-one-positive"):
        y, s, _ = rebuild(cid)
        p, r, _ = precision_recall_curve(y, s)
        assert auc(r, p) == pytest.approx(
            CASES[cid]["measured"]["sklearn_trapezoid"], abs=TOL)


@pytest.mark.parametrize("case_id, num_thresholds, key", [
    ("peaked-scores", 2000, "keras_pr_auc_2000_thresholds"),
    ("perfect-but-close", 10001, "keras_pr_auc_10001_thresholds"),
])
def test_more_thresholds(case_id, num_thresholds, key):
    y, s, _ = rebuild(case_id)
    got = metrics.keras_pr_auc(y, s, num_thresholds=num_thresholds)
    assert got == pytest.approx(CASES[case_id]["expected_helpers"][key], abs=TOL)
    assert got == pytest.approx(keras_value(y, s, num_thresholds=num_thresholds),
                                abs=TOL)


def test_logits():
    y, z, _ = rebuild("logits-without-from-logits")
    c = CASES["logits-without-from-logits"]
    with pytest.raises(ValueError, match=r"y_score must lie in \[0, 1\]"):
        metrics.keras_pr_auc(y, z)
    got = metrics.keras_pr_auc(y, z, from_logits=True)
    assert got == pytest.approx(c["expected_helpers"]["keras_pr_auc_from_logits"],
                                abs=TOL)
    assert got == pytest.approx(keras_value(y, z, from_logits=True), abs=TOL)
    # What Keras does with the raw logits: it clips them to [0, 1].
    assert keras_value(y, z) == pytest.approx(
        c["measured"]["keras_on_raw_logits"], abs=TOL)
    assert keras_value(y, z) == pytest.approx(
        metrics.keras_pr_auc(y, np.clip(z, 0, 1)), abs=TOL)


def test_two_column_softmax():
    y, p1, _ = rebuild("two-column-softmax")
    c = CASES["two-column-softmax"]
    exp = c["expected_helpers"]
    assert metrics.average_precision(y, p1) == pytest.approx(
        exp["average_precision(y, p1)"], abs=TOL)
    assert metrics.keras_pr_auc(y, p1) == pytest.approx(
        exp["keras_pr_auc(y, p1)"], abs=TOL)
    P = np.column_stack([1 - p1, p1])
    Y = np.column_stack([1 - y, y]).astype(float)
    for func in (metrics.average_precision, metrics.keras_pr_auc):
        with pytest.raises(ValueError, match=r"y_true\[:, 1\]"):
            func(Y, P)
        with pytest.raises(ValueError, match=r"y_score\[:, 1\]"):
            func(y, P)
    assert keras_value(Y.ravel(), P.ravel()) == pytest.approx(
        c["measured"]["keras_on_2_columns"], abs=TOL)


def test_fractional_label():
    y, s, _ = rebuild("fractional-label")
    for func in (metrics.average_precision, metrics.keras_pr_auc):
        with pytest.raises(ValueError, match="y_true must contain only 0 and 1"):
            func(y, s)
    assert keras_value(y, s) == pytest.approx(
        CASES["fractional-label"]["measured"]["keras"], abs=TOL)


def test_no_positives_warns_and_returns_zero():
    y, s, _ = rebuild("no-positives")
    for func in (metrics.average_precision, metrics.keras_pr_auc,
                 metrics.interpolated_pr_auc_every_score):
        with pytest.warns(metrics.NoPositivesWarning, match="no positive"):
            assert func(y, s) == 0.0
    assert keras_value(y, s) == 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert sklearn_ap(y, s) == 0.0


def test_zero_weight_on_every_positive_is_no_positive():
    y, s = np.array([0, 1, 0]), np.array([0.2, 0.9, 0.4])
    with pytest.warns(metrics.NoPositivesWarning):
        assert metrics.average_precision(y, s, sample_weight=[1, 0, 1]) == 0.0
    with pytest.warns(metrics.NoPositivesWarning):
        assert metrics.keras_pr_auc(y, s, sample_weight=[1, 0, 1]) == 0.0


def test_mean_of_batch_values():
    y, s, _ = rebuild("mean-of-batch-values")
    c = CASES["mean-of-batch-values"]
    assert keras_value(y, s, batch_size=32) == pytest.approx(
        c["expected_helpers"]["keras_pr_auc (one call, or 100 batches of 32)"],
        abs=TOL)
    per_batch, empty = [], 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", metrics.NoPositivesWarning)
        for start in range(0, len(y), 32):
            part = slice(start, start + 32)
            if y[part].sum() == 0:
                empty += 1
                continue
            per_batch.append(metrics.average_precision(y[part], s[part]))
    assert empty == c["measured"]["batches_without_a_positive"]
    assert np.mean(per_batch) == pytest.approx(
        c["measured"]["mean_of_per_batch_AP_over_batches_with_a_positive"], abs=TOL)


def test_summed_replica_results():
    y, s, _ = rebuild("summed-replica-results")
    c = CASES["summed-replica-results"]
    shards = [slice(k * 1000, (k + 1) * 1000) for k in range(4)]
    results = [keras_value(y[sh], s[sh]) for sh in shards]
    for sh, r in zip(shards, results):
        assert metrics.keras_pr_auc(y[sh], s[sh]) == pytest.approx(r, abs=TOL)
    # The case's sum of four Keras results is 1.2e-6 from the sum of this Keras's
    # four results: each float32 result carries a few 1e-7 of rounding, so the
    # sum is held to four times the per-value tolerance.
    assert sum(results) == pytest.approx(c["measured"]["sum_of_shard_results"],
                                         abs=4 * TOL)
    assert np.mean(results) == pytest.approx(
        c["measured"]["mean_of_shard_results"], abs=TOL)
    counts = [metrics.keras_confusion(y[sh], s[sh]) for sh in shards]
    tp, fp, fn = (sum(getattr(k, f) for k in counts) for f in ("tp", "fp", "fn"))
    summed = metrics.pr_auc_from_counts(tp, fp, fn)
    assert summed == pytest.approx(
        c["expected_helpers"]["keras_pr_auc (all data, = summed counts)"], abs=TOL)
    assert summed == pytest.approx(metrics.keras_pr_auc(y, s), abs=TOL)


def test_float32_counts():
    """Keras's float32 state stops counting at 2**24; the helpers do not."""
    c = CASES["float32-counts"]["measured"]
    w = 2.0 ** 24
    y = np.r_[[0.0, 1.0], np.ones(3000)]
    s = np.r_[[0.1, 0.9], np.full(3000, 0.95)]
    sw = np.r_[[w, w], np.ones(3000)]
    counts = metrics.keras_confusion(y, s, sample_weight=sw)
    assert counts.tp[0] == c["expected_count"]
    assert metrics.keras_pr_auc(y, s, sample_weight=sw) == pytest.approx(
        c["exact_AP"], abs=TOL)
    from helpers.libraries import keras_counts, keras_metric

    m = keras_metric()
    m.update_state([0.0, 1.0], [0.1, 0.9], sample_weight=[w, w])
    for _ in range(3000):
        m.update_state([1.0], [0.95])
    assert keras_counts(m)[0][0] == c["true_positives[0]"]
    assert float(m.result()) == pytest.approx(c["keras_result"], abs=TOL)
