"""Bad input gets a ValueError that names the argument, the rule and the value."""

import re

import numpy as np
import pytest

from helpers import metrics

Y = [0, 1, 0, 1]
S = [0.1, 0.8, 0.4, 0.6]
BOTH = [metrics.average_precision, metrics.keras_pr_auc,
        metrics.interpolated_pr_auc_every_score, metrics.gap_decomposition]


@pytest.mark.parametrize("func", BOTH)
@pytest.mark.parametrize("y, s, message", [
    ([0, 1, 0.6, 0], S, "y_true must contain only 0 and 1 (or False and True); "
     "received 0.6 at index 2."),
    ([0, 1, 2, 0], S, "y_true must contain only 0 and 1 (or False and True); "
     "received 2 at index 2."),
    ([0, 1, -1, 0], S, "received -1 at index 2."),
    (Y, [0.1, np.nan, 0.4, 0.6], "y_score must be finite; received nan at index 1."),
    (Y, [0.1, 0.2, np.inf, 0.6], "y_score must be finite; received inf at index 2."),
    (Y, [0.1, 0.2], "y_true and y_score must have the same length; received 4 "
     "and 2."),
    ([], [], "y_true must hold at least one sample; received an empty array."),
    (np.eye(2)[[0, 1, 0, 1]], S, "y_true must be 1-D; received an array of shape "
     "(4, 2). For a two-column (softmax) output or one-hot labels, pass the "
     "positive class's column, y_true[:, 1]."),
    (Y, np.array(S)[:, None], "y_score must be 1-D; received an array of shape "
     "(4, 1). Pass y_score[:, 0] (or y_score.ravel())."),
    (Y, np.ones((4, 3)), "y_score must be 1-D; received an array of shape (4, 3). "
     "This module handles binary problems: pass one column."),
    (["a", "b", "a", "b"], S, "y_true must hold numbers; received dtype <U1 "
     "(first value np.str_('a'))."),
])
def test_bad_labels_and_scores(func, y, s, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        func(y, s)


@pytest.mark.parametrize("func", BOTH)
@pytest.mark.parametrize("w, message", [
    ([1, -1, 1, 1], "sample_weight must be finite and >= 0; received -1.0 at "
     "index 1."),
    ([1, np.nan, 1, 1], "sample_weight must be finite and >= 0; received nan at "
     "index 1."),
    ([1, 1], "sample_weight must have one weight per sample (4); received 2."),
])
def test_bad_weights(func, w, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        func(Y, S, sample_weight=w)


def test_scores_outside_unit_interval_need_from_logits():
    with pytest.raises(ValueError, match=re.escape(
            "y_score must lie in [0, 1] (probabilities) unless from_logits=True; "
            "received 1.5 at index 3.")):
        metrics.keras_pr_auc(Y, [0.1, 0.2, 0.3, 1.5])
    # The same scores are fine for AP (only their order counts) and as logits.
    assert metrics.average_precision(Y, [0.1, 0.2, 0.3, 1.5]) > 0
    assert metrics.keras_pr_auc(Y, [-3, 2, 0.3, 1.5], from_logits=True) > 0


@pytest.mark.parametrize("value", [1, 0, -5, 2.5, True, "200", None])
def test_num_thresholds(value):
    with pytest.raises(ValueError, match=re.escape(
            f"num_thresholds must be an integer >= 2; received {value!r}.")):
        metrics.keras_pr_auc(Y, S, num_thresholds=value)
    with pytest.raises(ValueError, match="num_thresholds must be an integer >= 2"):
        metrics.keras_thresholds(value)


@pytest.mark.parametrize("thresholds, message", [
    ([0.2, 1.5], "thresholds must be finite and lie in [0, 1]; received 1.5 at "
     "index 1."),
    ([np.nan], "thresholds must be finite and lie in [0, 1]; received nan at "
     "index 0."),
    ([[0.2, 0.4]], "thresholds must be 1-D; received an array of shape (1, 2)."),
    (["low"], "thresholds must be a 1-D list of numbers in [0, 1]; received"),
])
def test_custom_thresholds(thresholds, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        metrics.keras_pr_auc(Y, S, thresholds=thresholds)


def test_summation_method():
    with pytest.raises(ValueError, match=re.escape(
            "summation_method must be one of ('interpolation', 'minoring', "
            "'majoring'); received 'trapezoid'.")):
        metrics.keras_pr_auc(Y, S, summation_method="trapezoid")


def test_counts_shapes_and_dtype():
    with pytest.raises(ValueError, match="tp, fp and fn must be 1-D arrays of one "
                       r"length >= 2; received shapes \(3,\), \(2,\) and \(3,\)."):
        metrics.pr_auc_from_counts([1, 1, 0], [1, 0], [0, 0, 1])
    with pytest.raises(ValueError, match="dtype must be 'float32' or 'float64'; "
                       "received 'float16'."):
        metrics.pr_auc_from_counts([1, 0], [1, 0], [0, 1], dtype="float16")


def test_confusion_at_thresholds_needs_thresholds():
    with pytest.raises(ValueError, match="thresholds must be a non-empty 1-D array"):
        metrics.confusion_at_thresholds(Y, S, [])


def test_bool_labels_are_accepted():
    yb = np.array(Y, dtype=bool)
    assert metrics.average_precision(yb, S) == metrics.average_precision(Y, S)
    assert metrics.keras_pr_auc(yb, S) == metrics.keras_pr_auc(Y, S)
