"""A Keras callback that logs exact average precision (AP) every epoch.

``keras.metrics.AUC(curve="PR")`` reports Keras PR-AUC, an estimate from
confusion counts at fixed thresholds. :class:`ExactAveragePrecision` predicts
on validation data at the end of every epoch and writes the exact AP of those
predictions (:func:`helpers.metrics.average_precision`, equal to
``sklearn.metrics.average_precision_score`` to the last bit) into the epoch's logs,
under a name of your choice, so that ``history.history``, ``EarlyStopping`` and
``ModelCheckpoint`` can use it like any compiled metric.

How Keras 3 passes the value on: ``fit`` runs validation first, then hands one
dict of logs to every callback's ``on_epoch_end`` in the order of the
``callbacks`` list, with its own ``History`` appended last. A callback that
adds a key to that dict therefore makes it visible to ``History`` and to every
callback listed *after* it. Put this callback before ``EarlyStopping``.

Keras is imported by this module (``helpers.metrics`` does not import it).
"""

from __future__ import annotations

import keras
import numpy as np

from helpers import metrics

__all__ = ["ExactAveragePrecision"]


def _check_name(argument, value):
    if not isinstance(value, str) or not value:
        raise ValueError(
            f"{argument} must be a non-empty string (the key written into the "
            f"logs); received {value!r}."
        )
    return value


def _check_labels(y):
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(
            "validation_data's labels must have shape (n,) or (n, 1); received "
            f"shape {y.shape}. This callback handles one binary output."
        )
    if y.size == 0 or y.dtype.kind not in "biuf":
        raise ValueError(
            "validation_data's labels must be a non-empty array of 0 and 1; "
            f"received {y.size} values of dtype {y.dtype}."
        )
    bad = (y != 0) & (y != 1)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(
            "validation_data's labels must contain only 0 and 1 (or False and "
            f"True); received {y[i].item()!r} at index {i}."
        )
    return y.astype(np.int64)


def _check_weights(w, n):
    if w is None:
        return None
    w = np.asarray(w, dtype=np.float64)
    if w.ndim == 2 and w.shape[1] == 1:
        w = w[:, 0]
    if w.shape != (n,):
        raise ValueError(
            f"validation_data's sample_weight must have shape ({n},), one weight "
            f"per label; received shape {w.shape}."
        )
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(
            "validation_data's sample_weight must be finite and >= 0; received "
            f"{w[i].item()!r} at index {i}."
        )
    return w


class ExactAveragePrecision(keras.callbacks.Callback):
    """Log the exact AP of the validation predictions at every epoch end.

    At the end of each epoch the model predicts on ``validation_data`` (weights
    as they are after that epoch's last training step, the same weights Keras
    used for its ``val_`` metrics), and ``logs[name]`` is set to the AP of those
    predictions, :func:`helpers.metrics.average_precision`. Optionally
    ``logs[keras_name]`` is set to :func:`helpers.metrics.keras_pr_auc` of the
    same predictions: the value ``keras.metrics.AUC(curve="PR")`` with the same
    options would report, computed from the predictions alone.

    The cost is one extra ``predict`` over the validation data per epoch and a
    sort of its scores.

    Parameters
    ----------
    validation_data : tuple
        ``(x, y)`` or ``(x, y, sample_weight)``. ``x`` is anything
        ``model.predict`` accepts; ``y`` holds labels 0/1 of shape ``(n,)`` or
        ``(n, 1)`` with at least one positive (of non-zero weight).
        ``sample_weight`` has shape ``(n,)``, finite and >= 0.
    name : str, default="val_ap"
        Key of the AP in the logs (and in ``history.history``). Monitor it with
        ``EarlyStopping(monitor=name, mode="max")``: Keras cannot infer the
        direction of a value it does not know.
    batch_size : int, default=None
        Batch size of the extra ``predict``; None means Keras's default (32).
    keras_name : str, default=None
        If given, also log Keras PR-AUC reproduced by the helpers under this key.
    num_thresholds, thresholds, summation_method
        Options of that reproduction, as for :func:`helpers.metrics.keras_pr_auc`
        and ``keras.metrics.AUC``; allowed only together with ``keras_name``.
    keep_scores : bool, default=False
        If True, keep a copy of every epoch's predictions in
        ``scores_per_epoch_`` (memory: epochs times samples floats), so that
        each logged value can be checked against the predictions it came from.

    Attributes
    ----------
    scores_ : ndarray of shape (n,)
        The predictions of the last epoch, as ``predict`` returned them
        (flattened).
    scores_per_epoch_ : list of ndarray
        With ``keep_scores=True``, one copy of ``scores_`` per epoch, in the
        order of the epochs (reset at the start of each ``fit``); otherwise
        empty.

    Raises
    ------
    ValueError
        On construction, for a malformed ``validation_data``, labels other than
        0/1, no positive of non-zero weight (AP would be 0.0 every epoch), a
        bad name, batch size, Keras option or ``keep_scores``; at an epoch
        end, if the model's output is not one score per sample or ``name`` is
        already in the logs.

    Notes
    -----
    ``x`` and ``y`` are matched by position: a ``tf.data.Dataset`` or a
    ``PyDataset`` given as ``x`` must yield the samples in the order of ``y``
    (no shuffling).

    Keras's ``val_`` metrics and this callback see the same weights, but not
    necessarily bit-identical predictions: ``evaluate`` and ``predict`` are
    separate compiled functions. For a plain feed-forward model they agree.

    The AP is scikit-learn's value bit for bit (same counts, same summation
    order), so an offline report computed with scikit-learn on the same
    predictions shows the same number.

    Examples
    --------
    >>> import keras, numpy as np
    >>> from sklearn.metrics import average_precision_score
    >>> keras.utils.set_random_seed(0)
    >>> x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
    >>> y = (x[:, 0] > 0.8).astype("float32")
    >>> model = keras.Sequential([keras.Input((3,)),
    ...                           keras.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")
    >>> cb = ExactAveragePrecision((x, y), keras_name="val_keras_pr_auc")
    >>> history = model.fit(x, y, epochs=2, verbose=0, callbacks=[cb])
    >>> sorted(history.history)
    ['loss', 'val_ap', 'val_keras_pr_auc']
    >>> history.history["val_ap"][-1] == average_precision_score(y, cb.scores_)
    True
    """

    def __init__(
        self,
        validation_data,
        *,
        name="val_ap",
        batch_size=None,
        keras_name=None,
        num_thresholds=200,
        thresholds=None,
        summation_method="interpolation",
        keep_scores=False,
    ):
        super().__init__()
        if not isinstance(validation_data, (tuple, list)) or len(
            validation_data
        ) not in (2, 3):
            size = (
                f" of length {len(validation_data)}"
                if isinstance(validation_data, (tuple, list))
                else ""
            )
            raise ValueError(
                "validation_data must be a tuple (x, y) or (x, y, sample_weight); "
                f"received a {type(validation_data).__name__}{size}."
            )
        x, y, *rest = validation_data
        self._y = _check_labels(y)
        n = self._y.size
        if hasattr(x, "shape") and len(x.shape) > 0 and x.shape[0] != n:
            raise ValueError(
                f"validation_data's x and y must have the same number of samples; "
                f"received {x.shape[0]} and {n}."
            )
        self._w = _check_weights(rest[0] if rest else None, n)
        weight = np.ones(n) if self._w is None else self._w
        if not (weight[self._y == 1] > 0).any():
            raise ValueError(
                "validation_data's labels must include at least one positive "
                "(of non-zero weight): without one, AP is 0.0 at every epoch and "
                "cannot guide training."
            )
        self._x = x
        self.name = _check_name("name", name)
        if keras_name is not None:
            _check_name("keras_name", keras_name)
            if keras_name == name:
                raise ValueError(
                    f"keras_name must differ from name; both are {name!r}."
                )
        elif (num_thresholds != 200 or thresholds is not None
              or summation_method != "interpolation"):
            raise ValueError(
                "num_thresholds, thresholds and summation_method set the Keras "
                "PR-AUC reproduction, which is logged only with keras_name; "
                "received keras_name=None."
            )
        self.keras_name = keras_name
        ok = batch_size is None or (
            isinstance(batch_size, (int, np.integer))
            and not isinstance(batch_size, (bool, np.bool_))
            and batch_size >= 1
        )
        if not ok:
            raise ValueError(
                f"batch_size must be None or an integer >= 1; received "
                f"{batch_size!r}."
            )
        self.batch_size = None if batch_size is None else int(batch_size)
        self._keras_options = {
            "num_thresholds": num_thresholds,
            "thresholds": thresholds,
            "summation_method": summation_method,
        }
        # Check the Keras options now, with helpers.metrics's own messages,
        # rather than after the first epoch.
        metrics.keras_pr_auc([0, 1], [0.25, 0.75], **self._keras_options)
        if not isinstance(keep_scores, (bool, np.bool_)):
            raise ValueError(
                f"keep_scores must be True or False; received {keep_scores!r}."
            )
        self.keep_scores = bool(keep_scores)
        self.scores_ = None
        self.scores_per_epoch_ = []

    def on_train_begin(self, logs=None):
        """Start a new list of per-epoch predictions for this ``fit``."""
        self.scores_per_epoch_ = []

    def _scores(self):
        pred = np.asarray(
            self.model.predict(self._x, batch_size=self.batch_size, verbose=0)
        )
        if pred.ndim == 2 and pred.shape[1] == 1:
            pred = pred[:, 0]
        if pred.shape != self._y.shape:
            raise ValueError(
                f"the model's output must be one score per sample, shape "
                f"({self._y.size},) or ({self._y.size}, 1); received shape "
                f"{pred.shape}. For a two-column softmax, wrap the model so that "
                "it outputs the positive class's column."
            )
        return pred

    def on_epoch_end(self, epoch, logs=None):
        """Predict, compute AP (and Keras PR-AUC if asked) and write them to logs."""
        self.scores_ = self._scores()
        if self.keep_scores:
            self.scores_per_epoch_.append(np.array(self.scores_, copy=True))
        values = {
            self.name: metrics.average_precision(
                self._y, self.scores_, sample_weight=self._w
            )
        }
        if self.keras_name is not None:
            values[self.keras_name] = metrics.keras_pr_auc(
                self._y, self.scores_, sample_weight=self._w, **self._keras_options
            )
        if logs is None:
            return
        taken = sorted(set(values) & set(logs))
        if taken:
            raise ValueError(
                f"the logs already hold {taken[0]!r} (a compiled metric of that "
                "name?); pass another name or keras_name to ExactAveragePrecision."
            )
        logs.update(values)
