"""The three examples of the article that motivated the book, exactly as given.

The article ("What's the difference between Keras AUC(curve='PR') and
scikit-learn's average precision?", 2025) computes both values with one
``update_state`` call (Examples 1 and 3) or in batches of 3 (Example 2).
"""

import numpy as np

from helpers.data import sigmoid

__all__ = ["EXAMPLE_1", "EXAMPLE_3", "EXAMPLE_2_BATCHES", "TOY", "LOGITS",
           "example", "thousand_samples", "one_at_a_time"]

#: Example 1, "basic comparison": (y_true, y_prob).
EXAMPLE_1 = (
    np.array([0, 0, 1, 1, 0, 1, 0, 1, 1, 0]),
    np.array([0.1, 0.3, 0.8, 0.6, 0.2, 0.9, 0.4, 0.7, 0.95, 0.05]),
)

#: Example 2 feeds Example 1 to Keras in these slices, then calls ``result()``.
EXAMPLE_2_BATCHES = (slice(0, 3), slice(3, 6), slice(6, 9), slice(9, 10))

#: Example 3, "class imbalance": one positive in ten.
EXAMPLE_3 = (
    np.array([0, 0, 0, 0, 0, 0, 0, 0, 1, 0]),
    np.array([0.1, 0.2, 0.15, 0.05, 0.25, 0.3, 0.1, 0.01, 0.85, 0.2]),
)

#: The book's toy input: one positive, ranked second. AP is 0.5, Keras 1 - ln 2.
TOY = (
    np.array([0, 1, 0, 0, 0]),
    np.array([0.7, 0.8, 0.5, 0.9, 0.1]),
)

#: Raw logits of a last layer without activation, with their labels: (y, logits).
LOGITS = (
    np.array([0, 0, 0, 1, 0, 1, 1, 1]),
    np.array([-4.0, -2.5, -0.3, -0.2, 0.4, 1.5, 2.5, 6.0]),
)


def example(number):
    """``(y_true, y_prob)`` of the article's Example 1, 2 or 3 (2 reuses 1).

    Examples
    --------
    >>> y, p = example(3)
    >>> int(y.sum()), float(p.max())
    (1, 0.85)
    """
    if number in (1, 2):
        return EXAMPLE_1
    if number == 3:
        return EXAMPLE_3
    raise ValueError(f"number must be 1, 2 or 3; received {number!r}.")


def thousand_samples():
    """The book's seeded input of 1,000 samples with 10 positives.

    Scores are a logistic of ``normal(-2, 1) + 2 * y``: informative but far
    from separated, so AP and Keras PR-AUC differ (chapter 4).

    Examples
    --------
    >>> y, s = thousand_samples()
    >>> y.size, int(y.sum())
    (1000, 10)
    """
    rng = np.random.default_rng(4)
    n = 1000
    y = np.zeros(n, dtype=int)
    y[rng.choice(n, size=10, replace=False)] = 1
    s = sigmoid(rng.normal(-2, 1, n) + 2 * y)
    return y, s


def one_at_a_time(y_true):
    """Recall and precision after each sample, taken one at a time in input order.

    This is what a sum over samples sees when it ignores ties: each sample is
    its own threshold, so samples that share a score still pass through points
    of their own, and which points depends on the order of the input. Chapters
    1 and 2 set it against scikit-learn, which groups tied scores.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 0/1 in the order they are taken, at least one 1.

    Returns
    -------
    recall, precision : ndarray of shape (n_samples,)
        Entry k after the first k + 1 samples.

    Examples
    --------
    >>> recall, precision = one_at_a_time([0, 1])
    >>> recall.tolist(), precision.tolist()
    ([0.0, 1.0], [0.0, 0.5])
    """
    y = np.asarray(y_true, dtype=float)
    if y.ndim != 1 or not np.isin(y, (0, 1)).all() or y.sum() == 0:
        raise ValueError(
            "y_true must be a 1-D sequence of 0 and 1 with at least one 1; "
            f"received {np.asarray(y_true).tolist()!r:.80}."
        )
    tp = np.cumsum(y)
    return tp / tp[-1], tp / np.arange(1, y.size + 1)
