"""Time the numpy helpers against the libraries they reimplement.

One run times, for n = 10^4 ... 10^7 seeded samples,

* ``helpers.metrics.average_precision`` against
  ``sklearn.metrics.average_precision_score``, and
* ``helpers.metrics.keras_pr_auc`` against ``keras.metrics.AUC(curve="PR")``
  (a fresh metric for every repeat; ``update_state`` once, then ``result()``;
  one warm-up call per size before timing),

takes the best of several repeats and prints the ratio helper / library (below 1
means the helper is faster). It also prints the peak memory that the numpy
helpers allocate (``tracemalloc``), per sample and per threshold, to show that
it grows as O(n) for the data and O(T) for the thresholds.

Run it with ``make bench`` (or ``python benchmarks/bench_metrics.py``;
``--sizes 4 5 6`` picks the powers of ten, ``--repeats`` the repeats).
"""

from __future__ import annotations

import argparse
import gc
import os
import time
import tracemalloc

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402

from helpers import libraries, metrics  # noqa: E402

#: The targets of issue 4 at n = 10^6 (helper time / library time).
TARGETS = {"average_precision": 0.6, "keras_pr_auc": 0.2}


def make_data(n, seed=0):
    """Seeded scores in [0, 1] with about 5 % positives, some of them tied."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.05).astype(np.float64)
    logit = rng.normal(0.0, 1.0, n) + 2.0 * y - 2.0
    # Rounded to 6 decimals, as model outputs often are: ties exist.
    s = np.round(1.0 / (1.0 + np.exp(-logit)), 6)
    return y, s


def best_times(funcs, repeats, fresh=None):
    """Best wall-clock time of each function, their repeats interleaved.

    Interleaving (helper, library, helper, library, ...) exposes both sides to
    the same load of a shared machine. ``fresh`` maps a name to a function
    that makes the argument of that name's call anew before each repeat,
    outside the timing (a new Keras metric, say).
    """
    fresh = fresh or {}
    best = dict.fromkeys(funcs, float("inf"))
    # As timeit does: the garbage collector is off while a call is timed, so no
    # collection pause lands in one side's time. (A gc.collect() before each
    # call would do the same, but with TensorFlow's objects loaded it walks so
    # much memory that it evicts the data from the caches, and the numpy side,
    # which streams over that data, was measured about twice as slow for it.)
    gc.collect()
    for _ in range(repeats):
        for name, func in funcs.items():
            arg = fresh[name]() if name in fresh else None
            gc.disable()
            try:
                start = time.perf_counter()
                func(arg)
                elapsed = time.perf_counter() - start
            finally:
                gc.enable()
            best[name] = min(best[name], elapsed)
    return best


def peak_bytes(func):
    """Peak memory allocated by ``func()`` as traced by ``tracemalloc``."""
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def keras_run(y, s):
    """``update_state`` once on the metric it is given, then ``result()``."""

    def run(metric):
        metric.update_state(y, s)
        float(metric.result())

    return run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, 5, 6, 7],
                        help="powers of ten to time (default: 4 5 6 7)")
    parser.add_argument("--repeats", type=int, default=5,
                        help="repeats per measurement; the best is kept")
    parser.add_argument("--keras-max", type=int, default=7,
                        help="largest power of ten to time Keras at")
    args = parser.parse_args(argv)

    from sklearn.metrics import average_precision_score
    from threadpoolctl import threadpool_info

    print("OPENBLAS_CORETYPE:", os.environ.get("OPENBLAS_CORETYPE", "not set"))
    print("BLAS:", ", ".join(
        f"{i['internal_api']} {i.get('architecture')} x{i['num_threads']}"
        for i in threadpool_info()) or "none loaded")
    rows = []
    for k in args.sizes:
        n = 10 ** k
        y, s = make_data(n)
        # The values agree (both sides compute the same thing); this also warms
        # up scikit-learn and traces Keras's functions once for this shape.
        assert abs(metrics.average_precision(y, s)
                   - average_precision_score(y, s)) < 1e-9
        assert abs(metrics.keras_pr_auc(y, s) - libraries.keras_value(y, s)) < 1e-5
        funcs = {
            "average_precision": lambda _: metrics.average_precision(y, s),
            "sklearn": lambda _: average_precision_score(y, s),
            "keras_pr_auc": lambda _: metrics.keras_pr_auc(y, s),
            "Keras": keras_run(y, s),
        }
        if k > args.keras_max:
            del funcs["Keras"]
        repeats = args.repeats if k < 7 else max(2, args.repeats // 2)
        best = best_times(funcs, repeats, fresh={"Keras": libraries.keras_metric})
        r_ap = best["average_precision"] / best["sklearn"]
        r_kr = best["keras_pr_auc"] / best.get("Keras", float("nan"))
        mem_ap = peak_bytes(lambda: metrics.average_precision(y, s))
        mem_kr = peak_bytes(lambda: metrics.keras_pr_auc(y, s))
        rows.append((k, r_ap, r_kr))
        print(f"n=10^{k}: average_precision / sklearn = {r_ap:.3f}  "
              f"keras_pr_auc / Keras = {r_kr:.3f}  peak bytes per sample: "
              f"AP {mem_ap / n:.1f}, Keras PR-AUC {mem_kr / n:.1f}  "
              f"(best of {repeats}; ms: "
              + ", ".join(f"{name} {v * 1e3:.1f}" for name, v in best.items())
              + ")", flush=True)

    # O(T): at a small fixed n the thresholds' arrays dominate the peak.
    y, s = make_data(10 ** 3)
    print("keras_pr_auc at n=10^3, peak bytes per threshold:")
    for t in (10_000, 100_000, 1_000_000):
        peak = peak_bytes(lambda: metrics.keras_pr_auc(y, s, num_thresholds=t))
        print(f"  num_thresholds={t}: {peak / t:.1f}")

    print("Targets at n=10^6 (helper / library):")
    for k, r_ap, r_kr in rows:
        if k == 6:
            for name, ratio in (("average_precision", r_ap), ("keras_pr_auc", r_kr)):
                verdict = "met" if ratio <= TARGETS[name] else "MISSED"
                print(f"  {name}: {ratio:.3f} (target <= {TARGETS[name]}) {verdict}")


if __name__ == "__main__":
    main()
