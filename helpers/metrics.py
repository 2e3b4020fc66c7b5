"""Average precision and Keras's PR-AUC, reimplemented in numpy.

Two estimators of the area under one precision-recall curve:

* :func:`average_precision` is scikit-learn's ``average_precision_score`` for a
  binary problem: a step sum over every distinct score.
* :func:`keras_pr_auc` is ``keras.metrics.AUC(curve="PR")``: confusion counts at
  fixed thresholds, then the Davis-Goadrich interpolation (or a lower or upper
  Riemann sum) between them.

Both take 1-D inputs only: labels 0/1 (or bool), finite scores, finite weights
>= 0. They are stricter than the libraries, which accept soft labels, clip
scores or flatten 2-D arrays without a word; each such input is a
``ValueError`` here that names the argument and shows what was received.

Keras keeps its counts in float32; these functions count in float64, so they
agree with Keras while its counts stay below 2**24 and keep counting exactly
beyond. The area itself is computed in float32 as Keras computes it (its
rounding is worth a few 1e-6). No TensorFlow is imported.

The toy input used throughout the book:

>>> y_true = [0, 1, 0, 0, 0]
>>> y_score = [0.7, 0.8, 0.5, 0.9, 0.1]
>>> round(average_precision(y_true, y_score), 6)
0.5
>>> round(keras_pr_auc(y_true, y_score), 6)
0.306853
"""

from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np

__all__ = [
    "EPSILON",
    "NoPositivesWarning",
    "ConfusionCounts",
    "GapDecomposition",
    "average_precision",
    "keras_thresholds",
    "confusion_at_thresholds",
    "keras_confusion",
    "pr_auc_from_counts",
    "interpolated_pr_auc_every_score",
    "keras_pr_auc",
    "gap_decomposition",
]

#: ``keras.backend.epsilon()``: the margin of Keras's end thresholds.
EPSILON = 1e-7

SUMMATION_METHODS = ("interpolation", "minoring", "majoring")


class NoPositivesWarning(UserWarning):
    """``y_true`` has no positive sample (of non-zero weight): the area is 0.0."""


class ConfusionCounts(NamedTuple):
    """Confusion counts per threshold, thresholds in increasing order.

    ``tp[i]``, ``fp[i]``, ``tn[i]``, ``fn[i]`` count (or sum the weights of) the
    samples on each side of ``thresholds[i]``; a sample is predicted positive at
    a threshold when its score is strictly greater than it.
    """

    thresholds: np.ndarray
    tp: np.ndarray
    fp: np.ndarray
    tn: np.ndarray
    fn: np.ndarray


class GapDecomposition(NamedTuple):
    """AP, Keras PR-AUC and the two parts of their difference.

    ``total = keras_pr_auc - average_precision = binning + summation_rule``:
    ``binning`` is Keras at its thresholds minus the same interpolation with a
    threshold at every distinct score (``interpolated_every_score``);
    ``summation_rule`` is that interpolation minus AP.
    """

    average_precision: float
    keras_pr_auc: float
    interpolated_every_score: float
    binning: float
    summation_rule: float
    total: float


# ---------------------------------------------------------------------------
# Input checks


def _shape_hint(name, arr):
    if arr.ndim == 2 and arr.shape[1] == 2:
        return (
            f" For a two-column (softmax) output or one-hot labels, pass the "
            f"positive class's column, {name}[:, 1]."
        )
    if arr.ndim == 2 and arr.shape[1] == 1:
        return f" Pass {name}[:, 0] (or {name}.ravel())."
    return " This module handles binary problems: pass one column."


def _as_1d(name, values):
    try:
        arr = np.asarray(values)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(
            f"{name} must be a 1-D array-like of numbers; received {values!r:.80}"
        ) from exc
    if arr.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D; received an array of shape {arr.shape}."
            + _shape_hint(name, arr)
        )
    if arr.size == 0:
        raise ValueError(f"{name} must hold at least one sample; received an "
                         "empty array.")
    if arr.dtype.kind not in "biuf":
        raise ValueError(
            f"{name} must hold numbers; received dtype {arr.dtype} "
            f"(first value {arr[0]!r})."
        )
    return arr


def _first_bad(arr, bad):
    i = int(np.flatnonzero(bad)[0])
    return f"{arr[i].item()!r} at index {i}"


def _check_labels(y_true):
    y = _as_1d("y_true", y_true)
    if y.dtype.kind == "b":
        return y.astype(np.float64)
    # Every non-zero label must be a 1 (NaN is non-zero and not 1): two counting
    # passes, and the mask of bad labels is built only to report one.
    if np.count_nonzero(y) != np.count_nonzero(y == 1):
        bad = (y != 0) & (y != 1)
        raise ValueError(
            "y_true must contain only 0 and 1 (or False and True); received "
            f"{_first_bad(y, bad)}. Soft or smoothed labels have no place on a "
            "precision-recall curve: Keras would count any non-zero label as "
            "positive, scikit-learn refuses them."
        )
    return y.astype(np.float64, copy=False)


def _check_scores(y_score, n, *, unit_interval=False):
    s = _as_1d("y_score", y_score)
    if s.shape[0] != n:
        raise ValueError(
            f"y_true and y_score must have the same length; received {n} and "
            f"{s.shape[0]}."
        )
    s = s.astype(np.float64, copy=False)
    # min and max carry a NaN and show an infinity: two passes find every bad
    # score, and the search for the first one runs only when there is one.
    low, high = s.min(), s.max()
    if not (np.isfinite(low) and np.isfinite(high)):
        bad = ~np.isfinite(s)
        raise ValueError(f"y_score must be finite; received {_first_bad(s, bad)}.")
    if unit_interval and (low < 0 or high > 1):
        bad = (s < 0) | (s > 1)
        raise ValueError(
            "y_score must lie in [0, 1] (probabilities) unless "
            f"from_logits=True; received {_first_bad(s, bad)}. Keras clips "
            "such scores to [0, 1] without a warning; pass probabilities, or "
            "logits with from_logits=True."
        )
    return s


def _check_weights(sample_weight, n):
    if sample_weight is None:
        return None
    w = _as_1d("sample_weight", sample_weight)
    if w.shape[0] != n:
        raise ValueError(
            f"sample_weight must have one weight per sample ({n}); received "
            f"{w.shape[0]}."
        )
    w = w.astype(np.float64)
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        raise ValueError(
            f"sample_weight must be finite and >= 0; received {_first_bad(w, bad)}."
        )
    return w


def _check_num_thresholds(num_thresholds):
    ok = isinstance(num_thresholds, (int, np.integer)) and not isinstance(
        num_thresholds, (bool, np.bool_)
    )
    if not ok or num_thresholds < 2:
        raise ValueError(
            f"num_thresholds must be an integer >= 2; received {num_thresholds!r}."
        )
    return int(num_thresholds)


def _check_custom_thresholds(thresholds):
    try:
        t = np.asarray(thresholds, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"thresholds must be a 1-D list of numbers in [0, 1]; received "
            f"{thresholds!r:.80}"
        ) from exc
    if t.ndim != 1:
        raise ValueError(
            f"thresholds must be 1-D; received an array of shape {t.shape}."
        )
    bad = ~np.isfinite(t) | (t < 0) | (t > 1)
    if bad.any():
        raise ValueError(
            f"thresholds must be finite and lie in [0, 1]; received "
            f"{_first_bad(t, bad)}."
        )
    return np.sort(t)


def _check_summation_method(summation_method):
    if summation_method not in SUMMATION_METHODS:
        raise ValueError(
            f"summation_method must be one of {SUMMATION_METHODS}; received "
            f"{summation_method!r}."
        )
    return summation_method


def _warn_no_positives(func, stacklevel=3):
    warnings.warn(
        f"{func}: y_true has no positive sample of non-zero weight, so recall is "
        "undefined; returning 0.0 (the value both libraries return).",
        NoPositivesWarning,
        stacklevel=stacklevel,
    )


def _divide_no_nan(a, b):
    """``a / b``, and 0 where ``b == 0`` (TensorFlow's ``divide_no_nan``)."""
    out = np.zeros(np.broadcast(a, b).shape, dtype=np.result_type(a, b))
    np.divide(a, b, out=out, where=(b != 0))
    return out


# ---------------------------------------------------------------------------
# scikit-learn: the step sum


def _counts_at_every_score(y, s, w):
    """TP and FP at every distinct score, scores in decreasing order.

    ``tp[k]`` and ``fp[k]`` count the samples whose score is >= the k-th largest
    distinct score, as scikit-learn's ``confusion_matrix_at_thresholds`` does.
    Weight-0 samples must already be removed.
    """
    if w is None:
        # Unweighted: sorting the scores (not argsorting) is several times faster,
        # and the positives' own sorted scores give TP by binary search.
        desc = np.sort(s)[::-1]
        last = np.flatnonzero(desc[1:] != desc[:-1])
        idx = np.append(last, desc.size - 1)
        levels = desc[idx]
        pos = np.sort(s[y == 1])
        tp = (pos.size - np.searchsorted(pos, levels, side="left")).astype(float)
        fp = (idx + 1) - tp
        return levels, tp, fp
    # A stable descending sort, as scikit-learn's: tied samples keep their input
    # order, so the weighted cumulative sums round exactly as scikit-learn's do.
    order = s.size - 1 - np.argsort(s[::-1], kind="stable")[::-1]
    s, y, w = s[order], y[order], w[order]
    last = np.flatnonzero(s[1:] != s[:-1])
    idx = np.append(last, s.size - 1)
    tp = np.cumsum(y * w)[idx]
    fp = np.cumsum((1 - y) * w)[idx]
    return s[idx], tp, fp


def _checked_counts_at_every_score(y_true, y_score, sample_weight, func):
    """Checked inputs, weight-0 samples removed, then TP and FP at every score.

    None (after a :class:`NoPositivesWarning`) when there is no positive.
    """
    y = _check_labels(y_true)
    s = _check_scores(y_score, y.size)
    w = _check_weights(sample_weight, y.size)
    if w is not None:
        keep = w != 0
        y, s, w = y[keep], s[keep], w[keep]
    n_pos = y.sum() if w is None else (y * w).sum()
    if n_pos == 0:
        _warn_no_positives(func, stacklevel=4)
        return None
    _, tp, fp = _counts_at_every_score(y, s, w)
    return tp, fp


def average_precision(y_true, y_score, *, sample_weight=None):
    """Average precision, as scikit-learn's binary ``average_precision_score``.

    The step sum over the distinct scores :math:`s_1 > s_2 > \\dots`:

    .. math:: AP = \\sum_n (R_n - R_{n-1}) P_n, \\qquad R_0 = 0,

    where :math:`P_n` and :math:`R_n` are precision and recall when every sample
    scored at least :math:`s_n` is predicted positive. Tied scores form one
    point, so the value does not depend on the order of the input.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels, 0 or 1 (or bool).
    y_score : array-like of shape (n_samples,)
        Finite scores; any real values (only their order matters).
    sample_weight : array-like of shape (n_samples,), default=None
        Finite weights >= 0. A weight of 0 removes the sample.

    Returns
    -------
    float
        AP in [0, 1]. Equal to ``sklearn.metrics.average_precision_score``: the
        same counts and the same float64 sum in the same order, so the two agree
        to the last bit (the tests hold them to 1e-12 and to equality). With
        no positive of non-zero weight: 0.0 and a :class:`NoPositivesWarning`
        (scikit-learn also returns 0.0 and warns).

    Raises
    ------
    ValueError
        If an input is not 1-D, lengths differ, a label is not 0/1, a score is
        not finite, or a weight is negative or not finite.

    Examples
    --------
    >>> average_precision([0, 1, 0, 0, 0], [0.7, 0.8, 0.5, 0.9, 0.1])
    0.5
    """
    counts = _checked_counts_at_every_score(
        y_true, y_score, sample_weight, "average_precision")
    if counts is None:
        return 0.0
    tp, fp = counts
    precision = tp / (tp + fp)
    recall = tp / tp[-1]
    # The step sum, with the terms in scikit-learn's order (lowest threshold
    # first) so that the float64 sum is the same to the last bit.
    precision = np.append(precision[::-1], 1.0)
    recall = np.append(recall[::-1], 0.0)
    return float(max(0.0, -np.sum(np.diff(recall) * precision[:-1])))


# ---------------------------------------------------------------------------
# Keras: thresholds, counts, and the area between them


def keras_thresholds(num_thresholds=200):
    """Keras's default threshold grid.

    ``[-EPSILON, 1/(T-1), 2/(T-1), ..., (T-2)/(T-1), 1 + EPSILON]`` for
    ``T = num_thresholds``, as ``keras.metrics.AUC(num_thresholds=T).thresholds``
    (float64 here; Keras compares in float32).

    Parameters
    ----------
    num_thresholds : int, default=200
        Number of thresholds, >= 2.

    Returns
    -------
    ndarray of shape (num_thresholds,)

    Examples
    --------
    >>> keras_thresholds(3)
    array([-1.0000000e-07,  5.0000000e-01,  1.0000001e+00])
    """
    t = _check_num_thresholds(num_thresholds)
    inner = [(i + 1) * 1.0 / (t - 1) for i in range(t - 2)]
    return np.array([0.0 - EPSILON] + inner + [1.0 + EPSILON])


def _counts_from_buckets(bucket, y, w, size, *, merge=False):
    """Reverse cumulative sums of per-bucket positive and negative weight.

    A sample in bucket ``b`` is predicted positive at thresholds ``0..b``; ``b =
    -1`` (never positive) must be shifted by the caller. With ``merge=True`` the
    indices are ``b + 1`` with 0 standing for bucket 0 too (Keras's raised
    bucket): bins 0 and 1 are merged and the rest shifted down.
    """
    if w is None:
        pos = np.bincount(bucket, weights=y, minlength=size)
        allw = np.bincount(bucket, minlength=size).astype(float)
    else:
        pos = np.bincount(bucket, weights=y * w, minlength=size)
        allw = np.bincount(bucket, weights=w, minlength=size)
    if merge:
        pos = np.append(pos[0] + pos[1], np.append(pos[2:], 0.0))
        allw = np.append(allw[0] + allw[1], np.append(allw[2:], 0.0))
    tp = np.cumsum(pos[::-1])[::-1]
    fp = np.cumsum((allw - pos)[::-1])[::-1]
    return tp, fp


def _finish(thresholds, tp, fp, y, w, *, totals=None):
    """Add TN and FN; ``totals`` = (positives, samples) when already known."""
    if totals is None:
        totals = (y.sum() if w is None else (y * w).sum(),
                  y.size if w is None else w.sum())
    total_pos, total = totals
    return ConfusionCounts(
        thresholds, tp, fp, (total - total_pos) - fp, total_pos - tp
    )


def confusion_at_thresholds(y_true, y_score, thresholds, *, sample_weight=None):
    """TP, FP, TN and FN at each threshold, by Keras's rule ``score > threshold``.

    Scores and thresholds are compared in float32, as Keras compares them on its
    general path (custom, unevenly spaced thresholds). For its evenly spaced
    default grid Keras computes a bucket index instead; :func:`keras_confusion`
    reproduces both, and differs from this function only for scores within a
    float32 rounding of a grid point.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels, 0 or 1 (or bool).
    y_score : array-like of shape (n_samples,)
        Finite scores (any real values: no clipping is done here).
    thresholds : array-like of shape (n_thresholds,)
        Finite thresholds, in any order; they are returned sorted.
    sample_weight : array-like of shape (n_samples,), default=None
        Finite weights >= 0.

    Returns
    -------
    ConfusionCounts
        ``(thresholds, tp, fp, tn, fn)``, float64 arrays, thresholds increasing.

    Examples
    --------
    >>> c = confusion_at_thresholds([0, 1, 0, 0, 0], [0.7, 0.8, 0.5, 0.9, 0.1],
    ...                             [0.0, 0.75, 0.85])
    >>> c.tp, c.fp
    (array([1., 1., 0.]), array([4., 1., 1.]))
    """
    y = _check_labels(y_true)
    s = _check_scores(y_score, y.size)
    w = _check_weights(sample_weight, y.size)
    t = np.asarray(thresholds, dtype=np.float64)
    if t.ndim != 1 or t.size == 0 or not np.isfinite(t).all():
        raise ValueError(
            "thresholds must be a non-empty 1-D array of finite numbers; received "
            f"{thresholds!r:.80}"
        )
    t = np.sort(t)
    return _finish(t, *_compare_counts(s, y, w, t), y, w)


def _compare_counts(s, y, w, t):
    # A score is predicted positive at the thresholds strictly below it, compared
    # in float32 as Keras compares; index 0 collects scores below every threshold.
    below = np.searchsorted(_float32(t), _float32(s), side="left")
    tp, fp = _counts_from_buckets(below, y, w, t.size + 1)
    return tp[1:], fp[1:]


def _float32_weighted_counts(bucket, y, w, size):
    """Weighted counts accumulated as Keras accumulates them, in float32.

    Keras sums each bucket's weights in float32 in input order (a segment sum),
    then takes reverse cumulative sums in float32. Its interpolation subtracts
    nearly equal terms where a bucket holds one small positive weight, so a
    count rounded differently by one unit in the last place can move the area
    by several 1e-6; summing in the same order and precision avoids that.
    Integer counts are exact either way (below 2**24).
    """
    w32 = w.astype(np.float32)
    y32 = y.astype(np.float32)
    sums = []
    for labels in (y32, np.float32(1) - y32):
        acc = np.zeros(size, dtype=np.float32)
        np.add.at(acc, bucket, labels * w32)  # in input order, float32
        sums.append(np.cumsum(acc[::-1], dtype=np.float32)[::-1].astype(float))
    return sums[0], sums[1]


def _is_evenly_spaced(thresholds):
    """Keras's test ``is_evenly_distributed_thresholds`` on ``[0, *t, 1]``."""
    full = np.concatenate([[0.0], thresholds, [1.0]])
    if full.size < 3:
        return False
    even = np.arange(full.size, dtype=np.float32) / (full.size - 1)
    return bool(np.allclose(full, even, atol=EPSILON))


def _float32(x):
    """``x`` in float32 as TensorFlow holds it on a CPU: subnormals flushed to 0."""
    x = np.asarray(x, dtype=np.float64).astype(np.float32)
    x[np.abs(x) < np.finfo(np.float32).tiny] = 0
    return x


def _sigmoid32(x):
    with np.errstate(over="ignore"):
        return _float32(1.0 / (1.0 + np.exp(-x)))


def keras_confusion(
    y_true,
    y_score,
    *,
    num_thresholds=200,
    thresholds=None,
    sample_weight=None,
    from_logits=False,
):
    """The four count vectors of ``keras.metrics.AUC`` after one ``update_state``.

    Reproduces Keras's two code paths. Evenly spaced thresholds (the default grid,
    or custom ones that Keras finds evenly spaced) use a bucket index computed
    in float32, ``ceil(score * (T - 1)) - 1`` (raised to 0), so a score exactly on
    a grid point falls as it falls in Keras. Other custom thresholds compare
    ``score > threshold`` in float32. Keras's end thresholds ``-EPSILON`` and
    ``1 + EPSILON`` are always added.

    Unweighted counts are exact integers (Keras's float32 counts stop counting
    exactly past 2**24; these do not). Weighted counts on the evenly spaced path
    are summed as Keras sums them, in float32 in input order: its interpolation
    can turn a one-ulp difference in a count into several 1e-6 of area. Because
    counts add, several ``update_state`` calls give the sum of the counts of
    their batches: the result does not depend on batching.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels, 0 or 1 (or bool).
    y_score : array-like of shape (n_samples,)
        Probabilities in [0, 1], or finite logits with ``from_logits=True``.
    num_thresholds : int, default=200
        Size of the evenly spaced grid, >= 2; ignored when ``thresholds`` is given.
    thresholds : array-like of float in [0, 1], default=None
        Custom thresholds; ``len(thresholds) + 2`` thresholds are then used.
    sample_weight : array-like of shape (n_samples,), default=None
        Finite weights >= 0.
    from_logits : bool, default=False
        Apply the sigmoid to ``y_score`` first.

    Returns
    -------
    ConfusionCounts
        ``(thresholds, tp, fp, tn, fn)``, thresholds increasing.

    Examples
    --------
    >>> c = keras_confusion([0, 1, 0, 0, 0], [0.7, 0.8, 0.5, 0.9, 0.1],
    ...                     num_thresholds=3)
    >>> c.tp, c.fp
    (array([1., 1., 0.]), array([4., 2., 0.]))
    """
    y = _check_labels(y_true)
    s = _check_scores(y_score, y.size, unit_interval=not from_logits)
    w = _check_weights(sample_weight, y.size)
    # Keras casts scores and weights to float32, and TensorFlow flushes float32
    # subnormals to zero: a weight of 1e-40 drops the sample, a score of 1e-40 is
    # 0 (which matters only where scores are compared with thresholds).
    # (Without from_logits the cast is left to the bucket multiplication below,
    # which casts each score to float32 first, saving a copy of the scores.)
    s32 = _sigmoid32(s) if from_logits else s
    if w is not None:
        w = _float32(w).astype(np.float64)
    if thresholds is None:
        size = _check_num_thresholds(num_thresholds)
        grid = keras_thresholds(size)
        even = True
    else:
        inner = _check_custom_thresholds(thresholds)
        grid = np.concatenate([[0.0 - EPSILON], inner, [1.0 + EPSILON]])
        size = grid.size
        even = _is_evenly_spaced(inner)
    if even:
        # Keras's bucket is max(ceil(s * (T - 1)) - 1, 0), in float32. Count
        # ceil(s * (T - 1)), from 0 to T - 1, then merge its first two bins: the
        # same counts with two passes fewer over the data.
        raw = np.multiply(s32, np.float32(size - 1), dtype=np.float32,
                          casting="same_kind")
        np.ceil(raw, out=raw)
        if w is None:
            tp, fp = _counts_from_buckets(raw.astype(np.intp), y, w, size,
                                          merge=True)
        else:
            bucket = np.maximum(raw - np.float32(1), 0).astype(np.intp)
            tp, fp = _float32_weighted_counts(bucket, y, w, size)
    else:
        tp, fp = _compare_counts(s32, y, w, grid)
    # Every score is above Keras's first threshold, -EPSILON: the counts there
    # are the totals, and save two passes over the data.
    return _finish(grid, tp, fp, y, w, totals=(tp[0], tp[0] + fp[0]))


def pr_auc_from_counts(tp, fp, fn, *, summation_method="interpolation",
                       dtype="float32"):
    """Keras's PR-AUC from confusion counts, thresholds in increasing order.

    ``"interpolation"`` is Keras's closed form of the Davis-Goadrich
    interpolation: between two adjacent thresholds A (lower) and B, TP and
    ``P = TP + FP`` grow linearly, precision is ``TP / P`` along the segment,
    and its integral over recall is

    .. math:: \\frac{s}{TP + FN}\\left[\\Delta TP + (TP_B - s P_B)
              \\ln\\frac{P_A}{P_B}\\right], \\qquad s = \\frac{\\Delta TP}{\\Delta P}.

    ``"minoring"`` and ``"majoring"`` are Riemann sums over recall whose heights
    are the smaller or larger precision of the two ends (precision 0 where
    nothing is predicted positive), as in Keras.

    Keras does this arithmetic in float32, and its rounding can move the result
    by a few 1e-6 (a logarithm of a ratio close to 1 multiplies a large
    intercept). The default ``dtype="float32"`` repeats Keras's operations in
    that precision; ``"float64"`` gives the same formula without that noise.

    Parameters
    ----------
    tp, fp, fn : array-like of shape (n_thresholds,)
        Counts per threshold, e.g. from :func:`keras_confusion`, or sums of the
        counts of several batches or replicas.
    summation_method : {"interpolation", "minoring", "majoring"}
    dtype : {"float32", "float64"}, default="float32"
        Precision of the arithmetic (not of the counts).

    Returns
    -------
    float
        0.0 when there is no positive (Keras's value; no warning here).

    Examples
    --------
    >>> c = keras_confusion([0, 1, 0, 0, 0], [0.7, 0.8, 0.5, 0.9, 0.1])
    >>> round(pr_auc_from_counts(c.tp, c.fp, c.fn), 6)
    0.306853
    """
    method = _check_summation_method(summation_method)
    if dtype not in ("float32", "float64", np.float32, np.float64):
        raise ValueError(
            f"dtype must be 'float32' or 'float64'; received {dtype!r}."
        )
    dt = np.dtype(dtype)
    tp, fp, fn = (np.asarray(a, dtype=np.float64).astype(dt) for a in (tp, fp, fn))
    if not (tp.shape == fp.shape == fn.shape) or tp.ndim != 1 or tp.size < 2:
        raise ValueError(
            "tp, fp and fn must be 1-D arrays of one length >= 2; received shapes "
            f"{tp.shape}, {fp.shape} and {fn.shape}."
        )
    with np.errstate(over="ignore", invalid="ignore"):
        area = _area(tp, fp, fn, method)
    if not np.isfinite(area) and dt == np.float32:
        counts = np.concatenate([tp, fp, fn])
        positive = counts[counts > 0]
        low = positive.min() if positive.size else 0.0
        warnings.warn(
            "pr_auc_from_counts: float32 arithmetic gave a non-finite value on "
            f"counts from {low:.3g} to {counts.max():.3g} (a slope over a tiny "
            "count overflows); the value was computed in float64 instead (Keras "
            "would return inf or nan here).",
            RuntimeWarning,
            stacklevel=2,
        )
        area = _area(*(a.astype(np.float64) for a in (tp, fp, fn)), method)
    return area


def _area(tp, fp, fn, method):
    if method == "interpolation":
        return _interpolate(tp, tp + fp, tp + fn)
    recall = _divide_no_nan(tp, tp + fn)
    precision = _divide_no_nan(tp, tp + fp)
    pick = np.minimum if method == "minoring" else np.maximum
    heights = pick(precision[:-1], precision[1:])
    return float(np.sum((recall[:-1] - recall[1:]) * heights))


def _interpolate(tp, p, pos):
    """Keras's ``interpolate_pr_auc``, term for term, in the arrays' precision."""
    zero = np.zeros((), dtype=tp.dtype)
    dtp = tp[:-1] - tp[1:]
    dp = p[:-1] - p[1:]
    slope = _divide_no_nan(dtp, np.maximum(dp, zero))
    intercept = tp[1:] - slope * p[1:]
    both = (p[:-1] > 0) & (p[1:] > 0)
    ratio = np.where(
        both, _divide_no_nan(p[:-1], np.maximum(p[1:], zero)), np.ones_like(p[1:])
    )
    increment = _divide_no_nan(
        slope * (dtp + intercept * np.log(ratio)), np.maximum(pos[1:], zero)
    )
    return float(np.sum(increment))


def keras_pr_auc(
    y_true,
    y_score,
    *,
    num_thresholds=200,
    thresholds=None,
    summation_method="interpolation",
    sample_weight=None,
    from_logits=False,
):
    """Keras's PR-AUC, as ``keras.metrics.AUC(curve="PR", ...)``, without TensorFlow.

    Counts TP, FP, TN and FN at Keras's thresholds (:func:`keras_confusion`) and
    applies its area rule (:func:`pr_auc_from_counts`). Agrees with Keras to
    1e-6 while Keras's float32 counts are exact (below 2**24); beyond, this
    value is the exact one.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels, 0 or 1 (or bool).
    y_score : array-like of shape (n_samples,)
        Probabilities in [0, 1], or finite logits with ``from_logits=True``.
        Scores outside [0, 1] are an error: Keras clips them without a word.
    num_thresholds : int, default=200
        Number of evenly spaced thresholds, >= 2.
    thresholds : array-like of float in [0, 1], default=None
        Custom thresholds (``num_thresholds`` is then ignored).
    summation_method : {"interpolation", "minoring", "majoring"}
    sample_weight : array-like of shape (n_samples,), default=None
        Finite weights >= 0.
    from_logits : bool, default=False
        Apply the sigmoid to ``y_score`` first.

    Returns
    -------
    float
        With no positive of non-zero weight: 0.0 (Keras's value) and a
        :class:`NoPositivesWarning` (Keras is silent).

    Raises
    ------
    ValueError
        For any input that :func:`average_precision` refuses, scores outside
        [0, 1] without ``from_logits``, ``num_thresholds`` < 2, thresholds outside
        [0, 1], or an unknown ``summation_method``.

    Examples
    --------
    >>> round(keras_pr_auc([0, 1, 0, 0, 0], [0.7, 0.8, 0.5, 0.9, 0.1]), 6)
    0.306853
    """
    _check_summation_method(summation_method)
    c = keras_confusion(
        y_true,
        y_score,
        num_thresholds=num_thresholds,
        thresholds=thresholds,
        sample_weight=sample_weight,
        from_logits=from_logits,
    )
    if c.tp[0] + c.fn[0] == 0:
        _warn_no_positives("keras_pr_auc")
        return 0.0
    return pr_auc_from_counts(c.tp, c.fp, c.fn, summation_method=summation_method)


def interpolated_pr_auc_every_score(y_true, y_score, *, sample_weight=None):
    """Keras's interpolation with a threshold at every distinct score.

    The curve's points are those of :func:`average_precision` (plus the origin
    of predicted positives), so the difference from AP is due to the area rule
    alone, with no binning. Computed in float64.

    Parameters
    ----------
    y_true, y_score, sample_weight
        As for :func:`average_precision`.

    Returns
    -------
    float
        0.0 and a :class:`NoPositivesWarning` when there is no positive.

    Examples
    --------
    >>> y, s = [0, 1, 0, 0, 0], [0.7, 0.8, 0.5, 0.9, 0.1]
    >>> round(interpolated_pr_auc_every_score(y, s), 6)
    0.306853
    """
    counts = _checked_counts_at_every_score(
        y_true, y_score, sample_weight, "interpolated_pr_auc_every_score")
    if counts is None:
        return 0.0
    tp, fp = counts
    n_pos = tp[-1]
    # Keras's order: thresholds increasing, i.e. most predicted positive first,
    # ending with the threshold above every score (nothing predicted positive).
    p = np.append((tp + fp)[::-1], 0.0)
    tp = np.append(tp[::-1], 0.0)
    return _interpolate(tp, p, np.full(tp.shape, float(n_pos)))


def gap_decomposition(y_true, y_score, *, num_thresholds=200, sample_weight=None):
    """Split ``keras_pr_auc - average_precision`` into binning and summation rule.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels, 0 or 1 (or bool).
    y_score : array-like of shape (n_samples,)
        Probabilities in [0, 1].
    num_thresholds : int, default=200
        Keras's ``num_thresholds``.
    sample_weight : array-like of shape (n_samples,), default=None
        Finite weights >= 0.

    Returns
    -------
    GapDecomposition
        ``binning + summation_rule == total`` to rounding (1e-12). Its
        ``keras_pr_auc`` is Keras's formula on Keras's counts computed in
        float64: Keras's own float32 value differs by a few 1e-7 at most. With
        no positive: zeros and a :class:`NoPositivesWarning`.

    Examples
    --------
    >>> g = gap_decomposition([0, 1, 0, 0, 0], [0.7, 0.8, 0.5, 0.9, 0.1])
    >>> round(g.total, 6), round(g.summation_rule, 6)
    (-0.193147, -0.193147)
    """
    kwargs = {"sample_weight": sample_weight}
    ap = average_precision(y_true, y_score, **kwargs)
    exact = interpolated_pr_auc_every_score(y_true, y_score, **kwargs)
    c = keras_confusion(y_true, y_score, num_thresholds=num_thresholds, **kwargs)
    # Keras's formula on Keras's counts, in float64 like the other two terms, so
    # that the parts carry no float32 rounding (a few 1e-7 from Keras's value).
    keras = pr_auc_from_counts(c.tp, c.fp, c.fn, dtype="float64")
    return GapDecomposition(
        average_precision=ap,
        keras_pr_auc=keras,
        interpolated_every_score=exact,
        binning=keras - exact,
        summation_rule=exact - ap,
        total=keras - ap,
    )
