"""The two real libraries, called the same way on every page and in every test.

``helpers.metrics`` reimplements both values without them; this module is what
those reimplementations are checked against. Keras is imported on first use, so
importing this module costs nothing.
"""

from __future__ import annotations

import numpy as np

__all__ = ["sklearn_ap", "keras_metric", "keras_value", "keras_counts"]


def sklearn_ap(y_true, y_score, *, sample_weight=None):
    """``sklearn.metrics.average_precision_score`` as a Python float."""
    from sklearn.metrics import average_precision_score

    return float(average_precision_score(y_true, y_score, sample_weight=sample_weight))


def keras_metric(**auc_kwargs):
    """A fresh ``keras.metrics.AUC(curve="PR", **auc_kwargs)``."""
    import keras

    return keras.metrics.AUC(curve="PR", **auc_kwargs)


def keras_value(y_true, y_score, *, batch_size=None, sample_weight=None,
                metric=None, **auc_kwargs):
    """Keras PR-AUC: ``update_state`` once, or once per batch, then ``result()``.

    Parameters
    ----------
    y_true, y_score : array-like of shape (n_samples,)
        Passed to Keras as float arrays, unchecked (Keras's own behaviour is the
        point).
    batch_size : int, default=None
        Feed consecutive slices of this size, the last one possibly shorter, as
        ``fit`` and ``evaluate`` do; None feeds everything at once.
    sample_weight : array-like of shape (n_samples,), default=None
    metric : keras.metrics.AUC, default=None
        A metric to update (its state is kept); a new one is made otherwise.
    **auc_kwargs
        Arguments of ``keras.metrics.AUC`` (``num_thresholds``, ``thresholds``,
        ``summation_method``, ``from_logits``).

    Returns
    -------
    float
    """
    m = keras_metric(**auc_kwargs) if metric is None else metric
    # float64 in, as a reader's numpy arrays are; Keras casts to float32 itself
    # (after the sigmoid, with from_logits=True).
    y = np.asarray(y_true, dtype=np.float64)
    s = np.asarray(y_score, dtype=np.float64)
    w = None if sample_weight is None else np.asarray(sample_weight, np.float64)
    step = len(y) if batch_size is None else int(batch_size)
    for start in range(0, len(y), step):
        part = slice(start, start + step)
        m.update_state(y[part], s[part],
                       sample_weight=None if w is None else w[part])
    return float(m.result())


def keras_counts(metric):
    """The metric's four count variables as float64 arrays: (tp, fp, tn, fn)."""
    return tuple(
        np.asarray(v.numpy(), dtype=np.float64)
        for v in (metric.true_positives, metric.false_positives,
                  metric.true_negatives, metric.false_negatives)
    )
