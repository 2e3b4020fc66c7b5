"""helpers.callbacks.ExactAveragePrecision against scikit-learn and Keras itself.

One small model is trained once (module fixture, a few seconds on CPU); the
tests read what the callbacks saw at every epoch.
"""

import re

import keras
import numpy as np
import pytest
from sklearn.metrics import average_precision_score

from helpers import libraries, metrics
from helpers.callbacks import ExactAveragePrecision
from helpers.data import imbalanced_breast_cancer

EPOCHS = 6


class Recorder(keras.callbacks.Callback):
    """Keeps, per epoch, the logs it is handed and the AP callback's predictions."""

    def __init__(self, ap_callback):
        super().__init__()
        self.ap_callback = ap_callback
        self.logs = []
        self.scores = []

    def on_epoch_end(self, epoch, logs=None):
        self.logs.append(dict(logs))
        self.scores.append(np.array(self.ap_callback.scores_, copy=True))


def small_model(seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.Input((30,)),
        keras.layers.Dense(4, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(
        optimizer=keras.optimizers.Adam(0.01),
        loss="binary_crossentropy",
        metrics=[libraries.keras_metric(name="pr_auc")],
    )
    return model


@pytest.fixture(scope="module")
def data():
    return imbalanced_breast_cancer()


@pytest.fixture(scope="module")
def trained(data):
    model = small_model()
    ap = ExactAveragePrecision(
        (data.x_val, data.y_val), keras_name="val_helpers_pr_auc",
        keep_scores=True,
    )
    recorder = Recorder(ap)
    stop = keras.callbacks.EarlyStopping(
        monitor="val_ap", mode="max", patience=EPOCHS, restore_best_weights=True
    )
    history = model.fit(
        data.x_train, data.y_train, validation_data=(data.x_val, data.y_val),
        epochs=EPOCHS, batch_size=32, verbose=0, callbacks=[ap, recorder, stop],
    )
    return model, history, recorder, stop


def test_logged_ap_is_sklearns_ap_on_the_same_predictions(data, trained):
    _, history, recorder, _ = trained
    assert len(history.history["val_ap"]) == EPOCHS
    for value, scores in zip(history.history["val_ap"], recorder.scores):
        assert scores.shape == data.y_val.shape
        assert value == average_precision_score(data.y_val, scores)
        assert value == pytest.approx(
            metrics.average_precision(data.y_val, scores), abs=1e-12
        )


def test_helpers_reproduce_kerass_validation_metric(trained):
    _, history, _, _ = trained
    keras_values = np.array(history.history["val_pr_auc"])
    helpers_values = np.array(history.history["val_helpers_pr_auc"])
    np.testing.assert_allclose(helpers_values, keras_values, rtol=0, atol=1e-6)


def test_predictions_are_those_keras_evaluated(data, trained):
    # The callback predicts after validation with the same weights: Keras's own
    # metric on those predictions is the val_ metric fit logged.
    _, history, recorder, _ = trained
    for logged, scores in zip(history.history["val_pr_auc"], recorder.scores):
        assert libraries.keras_value(data.y_val, scores) == pytest.approx(
            logged, abs=1e-6
        )


def test_kept_scores_give_every_logged_ap(data, trained):
    _, history, recorder, _ = trained
    kept = recorder.ap_callback.scores_per_epoch_
    assert len(kept) == EPOCHS
    for seen, scores in zip(recorder.scores, kept):
        np.testing.assert_array_equal(seen, scores)
    recomputed = [average_precision_score(data.y_val, s) for s in kept]
    assert recomputed == history.history["val_ap"]


def test_scores_are_kept_only_on_request_and_per_fit(data):
    model = small_model()
    quiet = ExactAveragePrecision((data.x_val, data.y_val))
    kept = ExactAveragePrecision((data.x_val, data.y_val), name="ap2",
                                 keep_scores=True)
    for epochs in (2, 1):
        model.fit(data.x_train, data.y_train, epochs=epochs, verbose=0,
                  callbacks=[quiet, kept])
        assert quiet.scores_per_epoch_ == []
        assert len(kept.scores_per_epoch_) == epochs


def test_callbacks_listed_after_it_and_history_see_the_value(trained):
    _, history, recorder, _ = trained
    assert [logs["val_ap"] for logs in recorder.logs] == history.history["val_ap"]


def test_early_stopping_monitors_it(data, trained):
    model, history, _, stop = trained
    values = history.history["val_ap"]
    assert stop.best == max(values)
    assert stop.best_epoch == int(np.argmax(values))
    # restore_best_weights put back the weights of the best epoch.
    restored = model.predict(data.x_val, verbose=0)[:, 0]
    assert average_precision_score(data.y_val, restored) == stop.best


def test_early_stopping_listed_before_it_sees_nothing(data):
    model = small_model()
    stop = keras.callbacks.EarlyStopping(monitor="val_ap", mode="max")
    ap = ExactAveragePrecision((data.x_val, data.y_val))
    with pytest.warns(UserWarning, match="`val_ap` which is not available"):
        model.fit(data.x_train, data.y_train, epochs=1, verbose=0,
                  callbacks=[stop, ap])
    assert stop.best is None


def test_early_stopping_needs_mode_max(data):
    # Keras cannot infer the direction of a value it did not compute.
    model = small_model()
    stop = keras.callbacks.EarlyStopping(monitor="val_ap")
    ap = ExactAveragePrecision((data.x_val, data.y_val))
    with pytest.raises(ValueError, match="Pass `mode='max'`"):
        model.fit(data.x_train, data.y_train, epochs=1, verbose=0,
                  callbacks=[ap, stop])


def test_weights_and_column_labels(data):
    n = data.y_val.size
    w = np.linspace(0.5, 2.0, n)
    model = small_model()
    ap = ExactAveragePrecision((data.x_val, data.y_val[:, None], w),
                               keras_name="k", batch_size=7)
    history = model.fit(data.x_train, data.y_train, epochs=1, verbose=0,
                        callbacks=[ap])
    scores = ap.scores_
    assert history.history["val_ap"] == [
        average_precision_score(data.y_val, scores, sample_weight=w)
    ]
    assert history.history["k"][0] == pytest.approx(
        libraries.keras_value(data.y_val, scores, sample_weight=w), abs=1e-6
    )


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        (([1, 2, 3, 4],), {}, "validation_data must be a tuple (x, y) or "
         "(x, y, sample_weight); received a list of length 4."),
        (("xy",), {}, "validation_data must be a tuple (x, y) or "
         "(x, y, sample_weight); received a str."),
        (((np.zeros((3, 2)), [0, 1, 2]),), {},
         "validation_data's labels must contain only 0 and 1 (or False and "
         "True); received 2 at index 2."),
        (((np.zeros((3, 2)), np.zeros((3, 2))),), {},
         "validation_data's labels must have shape (n,) or (n, 1); received "
         "shape (3, 2)."),
        (((np.zeros((4, 2)), [0, 1, 0]),), {},
         "validation_data's x and y must have the same number of samples; "
         "received 4 and 3."),
        (((np.zeros((3, 2)), [0, 0, 0]),), {},
         "validation_data's labels must include at least one positive"),
        (((np.zeros((3, 2)), [0, 1, 0], [1.0, 0.0, 1.0]),), {},
         "validation_data's labels must include at least one positive"),
        (((np.zeros((3, 2)), [0, 1, 0], [1.0, -1.0, 1.0]),), {},
         "validation_data's sample_weight must be finite and >= 0; received "
         "-1.0 at index 1."),
        (((np.zeros((3, 2)), [0, 1, 0], [1.0, 1.0]),), {},
         "validation_data's sample_weight must have shape (3,), one weight per "
         "label; received shape (2,)."),
        (((np.zeros((3, 2)), [0, 1, 0]),), {"name": ""},
         "name must be a non-empty string (the key written into the logs); "
         "received ''."),
        (((np.zeros((3, 2)), [0, 1, 0]),), {"keras_name": "val_ap"},
         "keras_name must differ from name; both are 'val_ap'."),
        (((np.zeros((3, 2)), [0, 1, 0]),), {"batch_size": 0},
         "batch_size must be None or an integer >= 1; received 0."),
        (((np.zeros((3, 2)), [0, 1, 0]),), {"batch_size": True},
         "batch_size must be None or an integer >= 1; received True."),
        (((np.zeros((3, 2)), [0, 1, 0]),), {"num_thresholds": 500},
         "num_thresholds, thresholds and summation_method set the Keras PR-AUC "
         "reproduction, which is logged only with keras_name; received "
         "keras_name=None."),
        (((np.zeros((3, 2)), [0, 1, 0]),),
         {"keras_name": "k", "num_thresholds": 1},
         "num_thresholds must be an integer >= 2; received 1."),
        (((np.zeros((3, 2)), [0, 1, 0]),),
         {"keras_name": "k", "thresholds": [0.5, 1.5]},
         "thresholds must be finite and lie in [0, 1]; received 1.5 at index 1."),
        (((np.zeros((3, 2)), [0, 1, 0]),),
         {"keras_name": "k", "summation_method": "trapezoid"},
         "summation_method must be one of"),
        (((np.zeros((3, 2)), [0, 1, 0]),), {"keep_scores": "yes"},
         "keep_scores must be True or False; received 'yes'."),
    ],
)
def test_bad_arguments_raise(args, kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        ExactAveragePrecision(*args, **kwargs)


def test_a_name_already_in_the_logs_raises(data):
    model = small_model()
    model.compile(optimizer="adam", loss="binary_crossentropy",
                  metrics=[libraries.keras_metric(name="ap")])
    ap = ExactAveragePrecision((data.x_val, data.y_val))
    with pytest.raises(ValueError, match=re.escape(
        "the logs already hold 'val_ap' (a compiled metric of that name?)"
    )):
        model.fit(data.x_train, data.y_train, epochs=1, verbose=0,
                  validation_data=(data.x_val, data.y_val), callbacks=[ap])


def test_a_two_column_output_raises(data):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((30,)),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    ap = ExactAveragePrecision((data.x_val, data.y_val))
    n = data.y_val.size
    with pytest.raises(ValueError, match=re.escape(
        f"the model's output must be one score per sample, shape ({n},) or "
        f"({n}, 1); received shape ({n}, 2)."
    )):
        model.fit(data.x_train, data.y_train, epochs=1, verbose=0,
                  callbacks=[ap])


def test_data_loader_is_seeded_and_imbalanced():
    a = imbalanced_breast_cancer(n_positives=40, seed=0)
    b = imbalanced_breast_cancer(n_positives=40, seed=0)
    for left, right in zip(a, b):
        np.testing.assert_array_equal(left, right)
    assert int(a.y_train.sum() + a.y_val.sum()) == 40
    assert a.y_train.size + a.y_val.size == 357 + 40
    # standardized with the training part's statistics
    np.testing.assert_allclose(a.x_train.mean(axis=0), 0, atol=1e-5)
    with pytest.raises(ValueError, match=re.escape(
        "n_positives must be an integer from 2 to 212; received 300."
    )):
        imbalanced_breast_cancer(n_positives=300)
    with pytest.raises(ValueError, match=re.escape(
        "val_fraction must be a number strictly between 0 and 1; received 1."
    )):
        imbalanced_breast_cancer(val_fraction=1)
