"""The numbers chapter 06 (book/06_pitfalls.ipynb) states about Keras and sklearn.

Each test runs the real libraries through ``helpers.libraries`` on the chapter's
inputs (the reported cases' generators, drawn in the order given) and checks the
value the chapter prints and its prose repeats. A library upgrade that changes
one of these behaviours fails here, with the pitfall's name in the test's name.
Values are checked to the digits the chapter prints.
"""

import warnings

import numpy as np
import pytest

from helpers import libraries as lib
from helpers import metrics as hm
from helpers.data import sigmoid
from tests.reported import rebuild

pytest.importorskip("keras")
pytest.importorskip("sklearn")


def record(func, *args, **kwargs):
    """``func(*args, **kwargs)`` and the warnings it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = func(*args, **kwargs)
    return value, caught


# The generators of the reported cases, drawn as tests/reported.py draws them.


@pytest.fixture(scope="module")
def two_column():
    return rebuild("two-column-softmax")[:2]


@pytest.fixture(scope="module")
def batches_case():
    return rebuild("mean-of-batch-values")[:2]


@pytest.fixture(scope="module")
def replicas_case():
    return rebuild("summed-replica-results")[:2]


# ---------------------------------------------------------------------------
# Logits without from_logits

Y_LOGIT = [0, 0, 0, 1, 0, 1, 1, 1]
Z = [-4.0, -2.5, -0.3, -0.2, 0.4, 1.5, 2.5, 6.0]


def test_logits_keras_clips_silently():
    value, caught = record(lib.keras_value, Y_LOGIT, Z)
    assert value == pytest.approx(0.899143, abs=5e-7)
    assert caught == []
    # The same value as on the clipped scores: Keras clips to [0, 1].
    assert lib.keras_value(Y_LOGIT, np.clip(Z, 0, 1)) == value
    assert np.unique(np.clip(Z, 0, 1)).tolist() == [0.0, 0.4, 1.0]


def test_logits_from_logits_and_ap():
    assert lib.keras_value(Y_LOGIT, Z, from_logits=True) == pytest.approx(
        0.944214, abs=5e-7)
    assert lib.sklearn_ap(Y_LOGIT, Z) == pytest.approx(0.95, abs=1e-12)
    assert lib.sklearn_ap(Y_LOGIT, sigmoid(np.array(Z))) == pytest.approx(
        0.95, abs=1e-12)
    assert hm.keras_pr_auc(Y_LOGIT, Z, from_logits=True) == pytest.approx(
        0.944214, abs=5e-7)


def test_logits_helpers_refuse():
    with pytest.raises(ValueError, match=r"y_score must lie in \[0, 1\]"):
        hm.keras_pr_auc(Y_LOGIT, Z)


# ---------------------------------------------------------------------------
# Soft labels, labels cast to bool

Y_SOFT = [0.0, 1.0, 0.6, 0.0]
S_SOFT = [1.0, 1.0, 0.3, 1.0]


def test_fractional_label_keras_casts_to_bool():
    value = lib.keras_value(Y_SOFT, S_SOFT)
    assert value == pytest.approx(0.378985, abs=5e-7)
    assert lib.keras_value(np.array(Y_SOFT) != 0, S_SOFT) == value


def test_fractional_label_sklearn_refuses():
    with pytest.raises(ValueError, match="continuous format is not supported"):
        lib.sklearn_ap(Y_SOFT, S_SOFT)


def test_fractional_label_helpers_refuse():
    with pytest.raises(ValueError, match="y_true must contain only 0 and 1"):
        hm.average_precision(Y_SOFT, S_SOFT)
    with pytest.raises(ValueError, match="y_true must contain only 0 and 1"):
        hm.keras_pr_auc(Y_SOFT, S_SOFT)


def test_smoothed_labels_are_all_positive_for_keras():
    y = np.array([0, 1, 0, 0, 0])
    s = [0.7, 0.8, 0.5, 0.9, 0.1]
    assert lib.keras_value(y, s) == pytest.approx(0.306853, abs=5e-7)
    assert lib.keras_value(y * 0.9 + 0.05, s) == pytest.approx(1.0, abs=1e-7)


# ---------------------------------------------------------------------------
# Two-column softmax flattened


def test_two_column_softmax(two_column):
    from sklearn.metrics import average_precision_score

    y, p1 = two_column
    P = np.column_stack([1 - p1, p1])
    Y = np.column_stack([~y, y]).astype(float)
    assert int(y.sum()) == 140
    assert lib.keras_value(Y, P) == pytest.approx(0.967263, abs=5e-7)
    assert lib.keras_value(Y.ravel(), P.ravel()) == lib.keras_value(Y, P)
    micro = average_precision_score(Y, P, average="micro")
    assert micro == pytest.approx(0.967293, abs=5e-7)
    assert average_precision_score(Y, P) == pytest.approx(0.853034, abs=5e-7)
    per_column = average_precision_score(Y, P, average=None)
    np.testing.assert_allclose(per_column, [0.982703, 0.723366], atol=5e-7)
    assert lib.sklearn_ap(y, p1) == pytest.approx(0.723366, abs=5e-7)
    assert lib.keras_value(y, p1) == pytest.approx(0.723091, abs=5e-7)


def test_two_column_helpers_refuse(two_column):
    y, p1 = two_column
    P = np.column_stack([1 - p1, p1])
    Y = np.column_stack([~y, y]).astype(float)
    with pytest.raises(ValueError, match=r"pass the positive class's column"):
        hm.keras_pr_auc(Y, P)


# ---------------------------------------------------------------------------
# Hard 0/1 predictions


def test_hard_predictions(two_column):
    y, p1 = two_column
    hard = (p1 > 0.5).astype(float)
    ap, k = lib.sklearn_ap(y, hard), lib.keras_value(y, hard)
    assert ap == pytest.approx(0.443108, abs=5e-7)
    assert k == pytest.approx(0.495013, abs=5e-7)
    assert k - ap == pytest.approx(0.051905, abs=1e-6)
    assert lib.keras_value(y, p1) - lib.sklearn_ap(y, p1) == pytest.approx(
        -0.000275, abs=1e-6)
    tp, fp = np.sum((hard == 1) & y), np.sum((hard == 1) & ~y)
    P, R, pi = tp / (tp + fp), tp / y.sum(), y.mean()
    assert R * P + (1 - R) * pi == pytest.approx(ap, abs=1e-12)
    g = hm.gap_decomposition(y, hard)
    assert abs(g.binning) < 5e-7
    assert g.summation_rule == pytest.approx(0.051905, abs=1e-6)


def test_exercise_hard_predictions_at_03(two_column):
    y, p1 = two_column
    hard = (p1 > 0.3).astype(float)
    tp, fp = np.sum((hard == 1) & y), np.sum((hard == 1) & ~y)
    P, R, pi = tp / (tp + fp), tp / y.sum(), y.mean()
    assert R * P + (1 - R) * pi == pytest.approx(0.434484, abs=5e-7)
    assert lib.sklearn_ap(y, hard) == pytest.approx(0.434484, abs=5e-7)
    assert lib.keras_value(y, hard) == pytest.approx(0.456946, abs=5e-7)


# ---------------------------------------------------------------------------
# No positives, no negatives, a single sample

S3 = [1.0, 0.5, 0.3]


def test_no_positives_sklearn_warns_keras_silent():
    value, caught = record(lib.sklearn_ap, [0, 0, 0], S3)
    assert value == 0.0
    assert [str(w.message) for w in caught] == [
        "No positive class found in y_true, recall is set to one for all "
        "thresholds."
    ]
    assert caught[0].category is UserWarning
    value, caught = record(lib.keras_value, [0, 0, 0], S3)
    assert value == 0.0
    assert caught == []


def test_no_positives_helpers_warn():
    for func in (hm.average_precision, hm.keras_pr_auc):
        value, caught = record(func, [0, 0, 0], S3)
        assert value == 0.0
        assert [w.category for w in caught] == [hm.NoPositivesWarning]


@pytest.mark.parametrize("scores", [S3, S3[::-1]])
def test_no_negatives_is_one_whatever_the_scores(scores):
    for func in (lib.sklearn_ap, lib.keras_value, hm.average_precision,
                 hm.keras_pr_auc):
        value, caught = record(func, [1, 1, 1], scores)
        assert value == pytest.approx(1.0, abs=1e-7)
        assert caught == []


@pytest.mark.parametrize("score", [0.0, 0.9])
def test_single_positive_is_one_whatever_its_score(score):
    for func in (lib.sklearn_ap, lib.keras_value):
        value, caught = record(func, [1], [score])
        assert value == pytest.approx(1.0, abs=1e-7)
        assert caught == []


def test_single_negative_is_zero_sklearn_warns():
    value, caught = record(lib.sklearn_ap, [0], [0.9])
    assert value == 0.0 and len(caught) == 1
    assert lib.keras_value([0], [0.9]) == 0.0


# ---------------------------------------------------------------------------
# Averaging per-batch values


def test_mean_of_batch_values(batches_case):
    y, s = batches_case
    assert int(y.sum()) == 127
    assert lib.sklearn_ap(y, s) == pytest.approx(0.466011, abs=5e-7)
    one_call = lib.keras_value(y, s)
    assert one_call == pytest.approx(0.463516, abs=5e-7)
    assert lib.keras_value(y, s, batch_size=32) == pytest.approx(one_call, abs=1e-7)
    batches = [slice(i, i + 32) for i in range(0, y.size, 32)]
    per_batch = [lib.sklearn_ap(y[b], s[b]) for b in batches if y[b].any()]
    assert len(batches) - len(per_batch) == 25
    assert np.mean(per_batch) == pytest.approx(0.631642, abs=5e-7)
    assert np.sum(per_batch) / len(batches) == pytest.approx(0.473732, abs=5e-7)


def test_mean_of_batch_keras_values(batches_case):
    y, s = batches_case
    metric = lib.keras_metric()
    values = []
    for i in range(0, y.size, 32):
        metric.reset_state()
        values.append(lib.keras_value(y[i:i + 32], s[i:i + 32], metric=metric))
    values = np.array(values)
    assert values.mean() == pytest.approx(0.429809, abs=5e-7)
    with_positive = y.reshape(-1, 32).any(axis=1)
    assert values[with_positive].mean() == pytest.approx(0.573078, abs=5e-7)


def test_exercise_batches_of_320(batches_case):
    y, s = batches_case
    per_batch = [lib.sklearn_ap(y[i:i + 320], s[i:i + 320])
                 for i in range(0, y.size, 320) if y[i:i + 320].any()]
    assert len(per_batch) == 10
    assert np.mean(per_batch) == pytest.approx(0.491681, abs=5e-7)
    halves = [lib.sklearn_ap(y[i:i + 1600], s[i:i + 1600]) for i in (0, 1600)]
    assert np.mean(halves) == pytest.approx(0.469071, abs=5e-7)


# ---------------------------------------------------------------------------
# The running value during fit


def test_running_value_during_fit():
    import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(5)
    n, d = 2000, 8
    x = rng.normal(0, 1, (n, d)).astype("float32")
    coef = rng.normal(0, 1, d)
    y = (rng.random(n) < sigmoid(x @ coef - 3)).astype("float32")
    assert round(float(y.mean()), 4) == 0.1715
    model = keras.Sequential([keras.Input((d,)),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.SGD(0.05),
                  loss="binary_crossentropy",
                  metrics=[lib.keras_metric(name="pr_auc")])
    expected = [  # fit log, evaluate after the epoch, AP on predict
        (0.4056, 0.5518, 0.5525),
        (0.6102, 0.6753, 0.6756),
        (0.6958, 0.7129, 0.7140),
        (0.7181, 0.7251, 0.7261),
        (0.7249, 0.7281, 0.7286),
        (0.7270, 0.7293, 0.7299),
    ]
    for logged, after, ap in expected:
        h = model.fit(x, y, batch_size=32, epochs=1, verbose=0,
                      validation_data=(x, y))
        ev = model.evaluate(x, y, batch_size=32, verbose=0, return_dict=True)
        p = model.predict(x, verbose=0).ravel()
        assert h.history["pr_auc"][0] == pytest.approx(logged, abs=5e-5)
        assert ev["pr_auc"] == pytest.approx(after, abs=5e-5)
        assert h.history["val_pr_auc"][0] == pytest.approx(ev["pr_auc"], abs=1e-6)
        assert hm.keras_pr_auc(y, p) == pytest.approx(ev["pr_auc"], abs=1e-5)
        assert lib.sklearn_ap(y, p) == pytest.approx(ap, abs=5e-5)


# ---------------------------------------------------------------------------
# Summing or averaging replica results


def test_summed_replica_results(replicas_case):
    y, s = replicas_case
    shards = [slice(i, i + 1000) for i in range(0, y.size, 1000)]
    metrics = [lib.keras_metric() for _ in shards]
    results = np.array([lib.keras_value(y[sh], s[sh], metric=m)
                        for sh, m in zip(shards, metrics)])
    np.testing.assert_allclose(
        results, [0.640682, 0.666497, 0.689223, 0.695192], atol=5e-7)
    assert results.sum() == pytest.approx(2.691593, abs=5e-7)
    assert results.mean() == pytest.approx(0.672898, abs=5e-7)
    # The reported 2.691594 and 0.672899 are sums of the rounded results.
    assert np.round(results, 6).sum() == pytest.approx(2.691594, abs=1e-9)
    assert np.round(results, 6).mean() == pytest.approx(0.6728985, abs=1e-9)
    assert f"{np.round(results, 6).mean():.6f}" == "0.672899"
    all_data = lib.keras_value(y, s)
    assert all_data == pytest.approx(0.672522, abs=5e-7)
    assert lib.sklearn_ap(y, s) == pytest.approx(0.673032, abs=5e-7)
    tp, fp, tn, fn = (sum(parts) for parts in zip(*map(lib.keras_counts, metrics)))
    assert abs(hm.pr_auc_from_counts(tp, fp, fn) - all_data) < 1e-7
    assert metrics[0].true_positives.aggregation == "sum"


# ---------------------------------------------------------------------------
# Float32 counts past 2**24


def _float32_recipe(weight):
    import tensorflow as tf

    metric = lib.keras_metric(dtype="float64")
    metric.update_state([0, 1], [0.1, 0.9], sample_weight=[weight, weight])
    update = tf.function(metric.update_state)
    one, score = np.ones(1, "float32"), np.full(1, 0.95, "float32")
    for _ in range(3000):
        update(one, score)
    return metric


def test_float32_counts_stop_at_2_to_24():
    assert np.float32(2**24) + np.float32(1) == np.float32(2**24)
    np.testing.assert_array_equal(
        np.spacing(np.float32([2**23, 2**24, 2**25])), [1, 2, 4])
    metric = _float32_recipe(2**24)
    tp, fp, tn, fn = lib.keras_counts(metric)
    assert str(metric.true_positives.dtype) == "float32"
    assert tp[0] == 2**24
    assert float(metric.result()) == pytest.approx(0.99982125, abs=5e-9)
    assert (tp + fn)[[0, 185, 199]].tolist() == [2**24, 2**24 + 3000, 2**24]


def test_float32_counts_one_call_and_helpers():
    metric = lib.keras_metric()
    metric.update_state([0, 1], [0.1, 0.9], sample_weight=[2**24, 2**24])
    metric.update_state(np.ones(3000), np.full(3000, 0.95))
    assert lib.keras_counts(metric)[0][0] == 2**24 + 3000
    assert float(metric.result()) == pytest.approx(1.0, abs=5e-9)
    y = np.r_[0, 1, np.ones(3000)]
    s = np.r_[0.1, 0.9, np.full(3000, 0.95)]
    w = np.r_[2**24, 2**24, np.ones(3000)]
    c = hm.keras_confusion(y, s, sample_weight=w)
    assert c.tp[0] == 2**24 + 3000
    assert hm.pr_auc_from_counts(c.tp, c.fp, c.fn, dtype="float64") == (
        pytest.approx(1.0, abs=1e-12))
    assert lib.sklearn_ap(y, s, sample_weight=w) == pytest.approx(1.0, abs=1e-12)


def test_exercise_float32_recipe_below_2_to_24():
    metric = _float32_recipe(2**23)
    tp, fp, tn, fn = lib.keras_counts(metric)
    assert tp[0] == 2**23 + 3000 == 8_391_608
    assert np.all(tp + fn == 2**23 + 3000)
    assert float(metric.result()) == pytest.approx(1.0, abs=5e-9)


# ---------------------------------------------------------------------------
# The helpers on the same inputs (the cases' expected_helpers)


def test_helpers_on_the_generated_cases(two_column, batches_case, replicas_case):
    y, p1 = two_column
    assert hm.average_precision(y, p1) == pytest.approx(0.723366, abs=5e-7)
    assert hm.keras_pr_auc(y, p1) == pytest.approx(0.723091, abs=5e-7)
    g = hm.gap_decomposition(y, (p1 > 0.5).astype(float))
    assert g.average_precision == pytest.approx(0.443108, abs=5e-7)
    assert g.keras_pr_auc == pytest.approx(0.495013, abs=5e-7)
    y, s = batches_case
    assert hm.average_precision(y, s) == pytest.approx(0.466011, abs=5e-7)
    assert hm.keras_pr_auc(y, s) == pytest.approx(0.463516, abs=5e-7)
    y, s = replicas_case
    assert hm.average_precision(y, s) == pytest.approx(0.673032, abs=5e-7)
    assert hm.keras_pr_auc(y, s) == pytest.approx(0.672522, abs=5e-7)


def test_numbers_quoted_only_in_the_prose_are_these():
    """The exercise answers appear in no output; the tests above compute them."""
    import json
    import pathlib

    path = pathlib.Path(__file__).resolve().parents[1] / "book" / "06_pitfalls.ipynb"
    cells = json.loads(path.read_text())["cells"]
    prose = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    for quoted in ("0.491681", "0.469071", "0.434484", "0.456946", "8{,}391{,}608"):
        assert quoted in prose, quoted
