"""A small, real, imbalanced binary problem that ships with scikit-learn.

Nothing is downloaded: the Wisconsin breast cancer data (569 samples, 30
features) are part of scikit-learn's installation.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["Split", "imbalanced_breast_cancer"]


class Split(NamedTuple):
    """Standardized training and validation arrays (features float32, labels 0/1)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray


def imbalanced_breast_cancer(*, n_positives=20, val_fraction=0.5, seed=0):
    """The breast cancer data with few positives, split and standardized.

    The positive class (label 1) is *malignant*: scikit-learn's ``target`` codes
    malignant as 0, so it is flipped here. All 357 benign samples are kept and
    ``n_positives`` of the 212 malignant ones are drawn without replacement;
    the result is split into training and validation parts with the same
    prevalence (stratified), and every feature is standardized with the mean
    and standard deviation of the training part only.

    Parameters
    ----------
    n_positives : int, default=20
        Malignant samples kept, 2 to 212.
    val_fraction : float, default=0.5
        Share of the samples in the validation part, strictly between 0 and 1.
    seed : int, default=0
        Seed of both the subsampling and the split.

    Returns
    -------
    Split
        ``(x_train, y_train, x_val, y_val)``; features float32 of shape
        ``(n, 30)``, labels int64 0/1 of shape ``(n,)``.

    Raises
    ------
    ValueError
        If ``n_positives`` or ``val_fraction`` is out of range.

    Examples
    --------
    >>> d = imbalanced_breast_cancer()
    >>> d.x_train.shape, int(d.y_train.sum()), d.x_val.shape, int(d.y_val.sum())
    ((188, 30), 10, (189, 30), 10)
    """
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    x, target = load_breast_cancer(return_X_y=True)
    y = (target == 0).astype(np.int64)
    positives = np.flatnonzero(y == 1)
    ok = isinstance(n_positives, (int, np.integer)) and not isinstance(
        n_positives, (bool, np.bool_)
    )
    if not ok or not 2 <= n_positives <= positives.size:
        raise ValueError(
            f"n_positives must be an integer from 2 to {positives.size}; "
            f"received {n_positives!r}."
        )
    if not isinstance(val_fraction, (float, int)) or not 0 < val_fraction < 1:
        raise ValueError(
            f"val_fraction must be a number strictly between 0 and 1; received "
            f"{val_fraction!r}."
        )
    rng = np.random.default_rng(seed)
    chosen = rng.choice(positives, size=int(n_positives), replace=False)
    keep = np.sort(np.concatenate([np.flatnonzero(y == 0), chosen]))
    x_train, x_val, y_train, y_val = train_test_split(
        x[keep], y[keep], test_size=val_fraction, stratify=y[keep],
        random_state=seed,
    )
    scaler = StandardScaler().fit(x_train)
    return Split(
        scaler.transform(x_train).astype(np.float32),
        y_train,
        scaler.transform(x_val).astype(np.float32),
        y_val,
    )


# ---------------------------------------------------------------------------
# The logistic function of the reported cases' generators

__all__ += ["sigmoid"]


def sigmoid(x):
    """The logistic function, computed as ``1 / (1 + exp(-x))``.

    This is the formula the generators of the reported cases use (chapter 06
    and ``tests/test_pitfalls.py`` draw their scores with it), so the scores
    are the cases' scores bit for bit. ``scipy.special.expit`` computes the
    same function another way and can differ from it in the last bit, which
    is enough to change a tie or a Keras bucket; use this one to reproduce the
    cases. For large negative ``x``, ``exp(-x)`` overflows to ``inf`` (with a
    numpy ``RuntimeWarning``) and the result is 0.0.

    Parameters
    ----------
    x : array-like or float
        Logits. Computed in their own dtype (float64 for the cases).

    Returns
    -------
    ndarray or float
        Probabilities in [0, 1], of the shape of ``x``.

    Examples
    --------
    >>> sigmoid(np.array([-2.0, 0.0, 2.0])).round(6)
    array([0.119203, 0.5     , 0.880797])
    >>> from scipy.special import expit
    >>> float(sigmoid(-4.85)) == float(expit(-4.85))
    False
    """
    return 1 / (1 + np.exp(-np.asarray(x)))
