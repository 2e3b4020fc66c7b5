"""How far AP can be from Keras PR-AUC, from Keras's confusion counts alone.

Keras's ``AUC(curve="PR")`` keeps four count vectors, one entry per threshold.
Those counts fix Keras PR-AUC exactly, and they also fence in AP: every
positive that falls between two adjacent thresholds (one *bucket*) has, in the
exact ranking of the scores, a precision between the worst and the best order
the bucket allows. :func:`ap_bounds_from_counts` adds those fences up, and
:func:`gap_check` says whether ``|Keras PR-AUC - AP|`` *can* exceed a level.
The bound is never wrong (a flag is never missed); it is loose when a bucket
holds many negatives and a share of the positives, because the counts do not
say where in the bucket the positives sit.

Numpy only, like :mod:`helpers.metrics`.
"""

from collections import namedtuple

import numpy as np

from helpers import metrics

__all__ = ["GapBounds", "ap_bounds_from_counts", "bucket_crowding", "gap_check"]

GapBounds = namedtuple(
    "GapBounds", ["keras_pr_auc", "ap_low", "ap_high", "gap_low", "gap_high",
                  "flagged"]
)
GapBounds.__doc__ = """Keras PR-AUC, the interval that holds AP, and the flag.

``gap_low <= keras_pr_auc - average_precision <= gap_high``; ``flagged`` is
True when that interval is not inside ``[-level, level]``.
"""


def _counts(name, values, *, falling=True):
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1 or arr.size < 2:
        raise ValueError(
            f"{name} must be a 1-D array of length >= 2; received shape "
            f"{arr.shape}."
        )
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(
            f"{name} must hold finite counts >= 0; received {arr[:5]!r}..."
        )
    if falling and np.any(np.diff(arr) > 1e-9 * max(1.0, arr.max())):
        raise ValueError(
            f"{name} must not increase along the thresholds (thresholds in "
            f"increasing order, as Keras keeps them); received {arr[:5]!r}..."
        )
    return arr


def _is_positive_number(x):
    return (isinstance(x, (int, float, np.integer, np.floating))
            and not isinstance(x, (bool, np.bool_)) and np.isfinite(x) and x > 0)


def _ratio(num, den, empty):
    out = np.full(num.shape, float(empty))
    np.divide(num, den, out=out, where=den > 0)
    return out


def ap_bounds_from_counts(tp, fp, fn, *, unit=1.0):
    """The lowest and highest AP that Keras's confusion counts allow.

    Between thresholds ``i`` and ``i + 1`` (a bucket) lie ``p = tp[i] -
    tp[i+1]`` positives and ``n = fp[i] - fp[i+1]`` negatives, below
    ``a = tp[i+1]`` positives and ``f = fp[i+1]`` negatives. Whatever their
    order inside the bucket, each of the ``p`` positives gets in AP a precision
    between ``(a + unit) / (a + f + n + unit)`` (it comes after every negative
    of the bucket) and ``(a + p) / (a + f + p)`` (the positives come first).
    AP is the recall-weighted mean of those precisions, so it lies between the
    same means of the two ends.

    Parameters
    ----------
    tp, fp, fn : array-like of shape (n_thresholds,)
        Keras's counts, thresholds in increasing order (e.g. from
        :func:`helpers.metrics.keras_confusion` or a Keras metric's
        variables), with the lowest threshold below every score.
    unit : float, default=1.0
        The smallest weight of a positive: 1 for unweighted counts.

    Returns
    -------
    tuple of float
        ``(ap_low, ap_high)``; ``(0.0, 0.0)`` with a
        :class:`helpers.metrics.NoPositivesWarning` when there is no positive.

    Raises
    ------
    ValueError
        If the counts are not 1-D of one length >= 2, are negative or not
        finite, ``tp`` or ``fp`` increase along the thresholds, or ``unit`` is not > 0.

    Examples
    --------
    >>> c = metrics.keras_confusion([0, 1, 0, 0, 0], [0.7, 0.8, 0.5, 0.9, 0.1])
    >>> tuple(round(v, 6) for v in ap_bounds_from_counts(c.tp, c.fp, c.fn))
    (0.5, 0.5)
    """
    tp, fp, fn = _counts("tp", tp), _counts("fp", fp), _counts("fn", fn, falling=False)
    if not tp.shape == fp.shape == fn.shape:
        raise ValueError(
            "tp, fp and fn must have one length; received shapes "
            f"{tp.shape}, {fp.shape} and {fn.shape}."
        )
    if not _is_positive_number(unit):
        raise ValueError(f"unit must be a number > 0; received {unit!r}.")
    positives = tp[0] + fn[0]
    if positives <= 0:
        metrics._warn_no_positives("ap_bounds_from_counts")
        return 0.0, 0.0
    p, n = tp[:-1] - tp[1:], fp[:-1] - fp[1:]
    a, f = tp[1:], fp[1:]
    share = p / positives
    low = _ratio(a + unit, a + f + n + unit, 0.0)
    high = _ratio(a + p, a + f + p, 1.0)
    keep = p > 0
    return (float(np.sum(share[keep] * low[keep])),
            float(np.sum(share[keep] * high[keep])))


def gap_check(y_true, y_score, *, num_thresholds=200, thresholds=None,
              level=0.01):
    """Can ``|Keras PR-AUC - AP|`` exceed ``level``? Decided from Keras's counts.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels, 0 or 1 (or bool).
    y_score : array-like of shape (n_samples,)
        Probabilities in [0, 1].
    num_thresholds : int, default=200
        Keras's ``num_thresholds``.
    thresholds : array-like, default=None
        Keras's custom thresholds, instead of ``num_thresholds``.
    level : float, default=0.01
        The size of gap that matters, > 0.

    Returns
    -------
    GapBounds
        Keras PR-AUC (float64 arithmetic), the AP interval, the gap interval
        and the flag. A flag means the gap *may* exceed ``level``; compute
        :func:`helpers.metrics.gap_decomposition` to know.

    Raises
    ------
    ValueError
        For the inputs :func:`helpers.metrics.keras_confusion` refuses, or a
        ``level`` that is not a number > 0.

    Examples
    --------
    >>> g = gap_check([0, 1, 0, 0, 0], [0.7, 0.8, 0.5, 0.9, 0.1])
    >>> round(g.gap_low, 6), round(g.gap_high, 6), g.flagged
    (-0.193147, -0.193147, True)
    """
    if not _is_positive_number(level):
        raise ValueError(f"level must be a number > 0; received {level!r}.")
    c = metrics.keras_confusion(y_true, y_score, num_thresholds=num_thresholds,
                                thresholds=thresholds)
    keras = metrics.pr_auc_from_counts(c.tp, c.fp, c.fn, dtype="float64")
    low, high = ap_bounds_from_counts(c.tp, c.fp, c.fn)
    gap_low, gap_high = keras - high, keras - low
    flagged = bool(gap_low < -level or gap_high > level)
    return GapBounds(keras, low, high, gap_low, gap_high, flagged)


def bucket_crowding(y_true, y_score, *, num_thresholds=200):
    """Share of all samples in the fullest Keras bucket that holds a positive.

    The statistic of chapter 05's sweeps: binning loses the order inside a
    bucket, and loses most when a bucket with a positive holds many samples.
    It counts the samples of both classes in that bucket but not where the
    positives sit among them, which is why :func:`gap_check` is sharper.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels, 0 or 1 (or bool).
    y_score : array-like of shape (n_samples,)
        Probabilities in [0, 1].
    num_thresholds : int, default=200
        Keras's ``num_thresholds``.

    Returns
    -------
    float
        In [0, 1]; 0.0 when there is no positive.

    Raises
    ------
    ValueError
        For the inputs :func:`helpers.metrics.keras_confusion` refuses.

    Examples
    --------
    >>> bucket_crowding([0, 0, 1, 1], [0.501, 0.501, 0.502, 0.502])
    1.0
    """
    c = metrics.keras_confusion(y_true, y_score, num_thresholds=num_thresholds)
    predicted = c.tp + c.fp
    in_bucket = predicted[:-1] - predicted[1:]
    with_positive = (c.tp[:-1] - c.tp[1:]) > 0
    total = predicted[0]
    if total <= 0 or not with_positive.any():
        return 0.0
    return float(np.max(np.where(with_positive, in_bucket, 0.0)) / total)
