"""The book's recurring figures, in one house style.

Every function draws on the Axes it is given (or on a new one from
:func:`new_axes`) and returns that Axes. The style: an opaque white figure and
axes background (so a figure reads on a dark page), lowercase axis labels,
lines 2.5 points wide, the Okabe-Ito colour-blind-safe palette, and no title
(a figure's caption is its title).

The points of a precision-recall curve come from
``sklearn.metrics.precision_recall_curve`` (every distinct score) or from
:func:`helpers.metrics.keras_confusion` (Keras's thresholds); the areas come from
:mod:`helpers.metrics`, so what is drawn is what the book computes.

A curve needs at least one positive: every function that draws one raises a
``ValueError`` when ``y_true`` has none (recall is undefined).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> ax = step_area([0, 1, 0, 0, 0], [0.7, 0.8, 0.5, 0.9, 0.1])
>>> round(float(sum(r.get_width() * r.get_height() for r in ax.patches)), 6)
0.5
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.ticker import MaxNLocator

from helpers import metrics

__all__ = [
    "PALETTE",
    "COLORS",
    "LINEWIDTH",
    "new_axes",
    "style_axes",
    "pr_points",
    "sklearn_display",
    "step_area",
    "keras_grid",
    "interpolated_area",
    "riemann_bracket",
    "overlay",
    "sweep",
]

#: The Okabe-Ito palette (Okabe and Ito, "Color Universal Design"), safe for the
#: common forms of colour blindness; black first.
PALETTE = (
    "#000000",
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#E69F00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
)

#: One colour per idea, the same on every page.
COLORS = {
    "points": "#000000",
    "ap": "#0072B2",
    "keras": "#D55E00",
    "trapezoid": "#009E73",
    "minoring": "#56B4E9",
    "majoring": "#E69F00",
    "baseline": "#CC79A7",
    "grid": "#999999",
}

#: Width of every curve, in points.
LINEWIDTH = 2.5
_MARKERSIZE = 60  # scatter marker area, points**2
_WHITE = "white"


# ---------------------------------------------------------------------------
# Axes and style


def style_axes(ax):
    """Apply the house style to an existing Axes (and its figure).

    Opaque white figure and axes background, light grid below the data, the
    palette as colour cycle. Labels are left to the caller.

    Parameters
    ----------
    ax : matplotlib.axes.Axes

    Returns
    -------
    matplotlib.axes.Axes
        ``ax`` itself.
    """
    from cycler import cycler

    ax.figure.set_facecolor(_WHITE)
    ax.figure.set_edgecolor(_WHITE)
    ax.set_facecolor(_WHITE)
    ax.set_prop_cycle(cycler(color=PALETTE))
    ax.set_axisbelow(True)
    ax.grid(True, color="#dddddd", linewidth=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


def new_axes(*, xlabel="recall", ylabel="precision", unit_square=True,
             figsize=(5.6, 4.0)):
    """A new figure with one Axes in the house style.

    Parameters
    ----------
    xlabel, ylabel : str, default="recall", "precision"
        Axis labels; lowercase by the house rule.
    unit_square : bool, default=True
        Limit both axes to a little more than [0, 1] (recall and precision).
    figsize : tuple of float, default=(5.6, 4.0)
        Figure size in inches.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    style_axes(ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if unit_square:
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.05)
    return ax


def _axes(ax, *, xlabel="recall", ylabel="precision", unit_square=True):
    if ax is None:
        return new_axes(xlabel=xlabel, ylabel=ylabel, unit_square=unit_square)
    style_axes(ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def _legend(ax, **kwargs):
    # "best" keeps the legend off the data (deterministic for given data).
    kwargs.setdefault("loc", "best")
    return ax.legend(frameon=True, framealpha=1.0, facecolor=_WHITE, **kwargs)


def _marker_size(n_points):
    """Marker area: large for a few points, small for a cloud of them."""
    return _MARKERSIZE if n_points <= 50 else 12


# ---------------------------------------------------------------------------
# Points of the curve


def _require_positive(y_true):
    y = np.asarray(y_true)
    if y.ndim != 1 or not (y == 1).any():
        raise ValueError(
            "y_true must be 1-D and hold at least one positive (1) to draw a "
            f"precision-recall curve; received {y_true!r:.80}"
        )


def _sklearn_points(y_true, y_score, sample_weight=None):
    """precision, recall, thresholds of sklearn, and the samples at each score."""
    from sklearn.metrics import precision_recall_curve

    _require_positive(y_true)
    precision, recall, thresholds = precision_recall_curve(
        y_true, y_score, sample_weight=sample_weight
    )
    return precision, recall, thresholds


def pr_points(y_true, y_score, *, ax=None, label_thresholds=True, baseline=True,
              convention=True):
    """The precision-recall curve as what it is: a set of points.

    One point per distinct score (scikit-learn's ``precision_recall_curve``):
    predicting every sample scored at least that high positive gives that
    recall and precision. Tied scores give one point; its label says how many
    samples share the score.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 0/1, at least one 1.
    y_score : array-like of shape (n_samples,)
        Scores.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new one from :func:`new_axes` if None.
    label_thresholds : bool, default=True
        Write each point's threshold next to it (``"0.5 (2 samples)"`` for a
        tie).
    baseline : bool, default=True
        Draw the prevalence (the precision of predicting everything positive)
        as a dashed horizontal line.
    convention : bool, default=True
        Draw scikit-learn's extra point (recall 0, precision 1) as a hollow
        marker: it belongs to no threshold.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(ax)
    precision, recall, thresholds = _sklearn_points(y_true, y_score)
    scores = np.asarray(y_score, dtype=float)
    # The last entry of precision and recall is the convention point.
    size = _marker_size(thresholds.size)
    ax.scatter(recall[:-1], precision[:-1], s=size, color=COLORS["points"],
               zorder=3, label="one point per threshold")
    if convention:
        ax.scatter(recall[-1:], precision[-1:], s=_MARKERSIZE, facecolor=_WHITE,
                   edgecolor=COLORS["points"], linewidth=1.5, zorder=3,
                   label="convention: recall 0, precision 1")
    prevalence = float(np.mean(np.asarray(y_true) == 1))
    if baseline:
        ax.axhline(prevalence, color=COLORS["baseline"], linestyle="--",
                   linewidth=LINEWIDTH,
                   label=f"prevalence {prevalence:.2f}")
    if label_thresholds:
        texts = []
        for t in thresholds:
            k = int(np.sum(scores == t))
            texts.append(f"{t:g}" if k == 1 else f"{t:g} ({k} samples)")
        _point_labels(ax, recall[:-1], precision[:-1], texts,
                      avoid=prevalence if baseline else None)
    _legend(ax)
    return ax


_LABEL_FONTSIZE = 9
_LABEL_GAP = 12.0  # points between the centres of two stacked labels


def _point_labels(ax, x, y, texts, *, avoid=None):
    """Write ``texts`` to the right of the points, nudged apart vertically.

    Label i belongs to point i (``ax.texts`` keeps that order). Each label
    starts level with its point. Working down from the highest point, a label
    whose box would overlap one already placed (or come within 0.7 of a gap of
    the horizontal line at ``avoid``) moves down until it does not. Boxes are
    estimated from the font size, in points, not measured by drawing.
    """
    to_pt = 72.0 / ax.figure.dpi
    xy = ax.transData.transform(np.column_stack([x, y])) * to_pt
    line = (None if avoid is None
            else ax.transData.transform((0.0, avoid))[1] * to_pt)
    char = 0.6 * _LABEL_FONTSIZE  # average character width, points
    placed = []  # (left, right, centre) of each label, points
    offset = np.zeros(len(texts))  # vertical shift of each label, points
    for i in sorted(range(len(texts)), key=lambda k: (-xy[k, 1], xy[k, 0])):
        left = xy[i, 0] + 8.0
        right = left + char * len(texts[i])
        centre = xy[i, 1]
        moved = True
        while moved:
            moved = False
            for a, b, c in placed:
                if a < right and left < b and abs(centre - c) < _LABEL_GAP - 1e-6:
                    centre, moved = c - _LABEL_GAP, True
            if line is not None and abs(centre - line) < 0.7 * _LABEL_GAP - 1e-6:
                centre, moved = line - 0.7 * _LABEL_GAP, True
        placed.append((left, right, centre))
        offset[i] = centre - xy[i, 1]
    for i, text in enumerate(texts):  # drawn in the order of the points
        ax.annotate(text, (x[i], y[i]), xytext=(8.0, offset[i]),
                    textcoords="offset points", va="center",
                    fontsize=_LABEL_FONTSIZE, zorder=4)


def sklearn_display(y_true, y_score, *, ax=None, sample_weight=None,
                    name="scikit-learn"):
    """scikit-learn's own ``PrecisionRecallDisplay``, restyled.

    ``PrecisionRecallDisplay.from_predictions`` draws the curve as a step line
    (precision held constant to the left of each point) with AP in the legend,
    and the chance level (the prevalence). This function only applies the house
    style to it: white background, lowercase labels, thicker lines.

    Parameters
    ----------
    y_true, y_score : array-like of shape (n_samples,)
    ax : matplotlib.axes.Axes, default=None
    sample_weight : array-like of shape (n_samples,), default=None
    name : str, default="scikit-learn"
        Name in the legend.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from sklearn.metrics import PrecisionRecallDisplay

    _require_positive(y_true)
    ax = _axes(ax)
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    display = PrecisionRecallDisplay.from_predictions(
        y_true, y_score, sample_weight=sample_weight, ax=ax, name=name,
        plot_chance_level=True,
        curve_kwargs={"color": COLORS["ap"], "linewidth": LINEWIDTH},
        chance_level_kw={"color": COLORS["baseline"], "linewidth": LINEWIDTH},
    )
    ax = display.ax_
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_aspect("auto")
    _legend(ax)
    return ax


# ---------------------------------------------------------------------------
# scikit-learn's step sum


def step_area(y_true, y_score, *, ax=None):
    """AP's step sum drawn as rectangles under the curve's points.

    For each point n (scores decreasing), a rectangle from recall
    :math:`R_{n-1}` to :math:`R_n` of height :math:`P_n`; their total area is
    AP. Points that do not move recall (a false positive alone) add no
    rectangle.

    Parameters
    ----------
    y_true, y_score : array-like of shape (n_samples,)
    ax : matplotlib.axes.Axes, default=None

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.patches`` holds exactly the rectangles of the sum.
    """
    ax = _axes(ax)
    precision, recall, _ = _sklearn_points(y_true, y_score)
    ap = metrics.average_precision(y_true, y_score)
    # sklearn orders by decreasing recall; entry i's rectangle spans
    # [recall[i+1], recall[i]] at height precision[i].
    width = recall[:-1] - recall[1:]
    keep = width > 0
    ax.bar(recall[1:][keep], precision[:-1][keep], width=width[keep], align="edge",
           color=COLORS["ap"], alpha=0.3, edgecolor=COLORS["ap"], linewidth=1.5,
           label=f"AP, step sum = {ap:.3f}")
    ax.scatter(recall[:-1], precision[:-1], s=_marker_size(recall.size - 1),
               color=COLORS["points"], zorder=3, label="points of the curve")
    _legend(ax)
    return ax


# ---------------------------------------------------------------------------
# Keras: thresholds, buckets, interpolation


def keras_grid(y_score, *, num_thresholds=200, thresholds=None, ax=None):
    """Keras's thresholds and how many scores fall in each bucket.

    Thin vertical lines mark the thresholds; a bar over each non-empty bucket
    (between two adjacent thresholds) counts the scores Keras puts in it
    (``score > lower threshold``, not ``> upper``, compared as Keras does). A
    tick under the axis marks each score.

    Parameters
    ----------
    y_score : array-like of shape (n_samples,)
        Probabilities in [0, 1].
    num_thresholds : int, default=200
    thresholds : array-like of float in [0, 1], default=None
        Custom thresholds, as for ``keras.metrics.AUC``.
    ax : matplotlib.axes.Axes, default=None

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.collections[0]`` holds the threshold lines, ``ax.patches`` the
        bucket bars.
    """
    scores = np.asarray(y_score, dtype=float)
    c = metrics.keras_confusion(np.zeros(scores.shape), scores,
                                num_thresholds=num_thresholds,
                                thresholds=thresholds)
    t = c.thresholds
    predicted = c.tp + c.fp  # scores above each threshold
    in_bucket = predicted[:-1] - predicted[1:]
    ax = _axes(ax, xlabel="score", ylabel="scores in bucket", unit_square=False)
    top = max(1.0, float(in_bucket.max()))
    ax.vlines(t, 0, top * 1.1, color=COLORS["grid"], linewidth=0.6,
              label=f"{t.size} thresholds")
    keep = in_bucket > 0
    ax.bar(t[:-1][keep], in_bucket[keep], width=np.diff(t)[keep], align="edge",
           color=COLORS["keras"], alpha=0.6, label="scores in a bucket")
    ax.plot(scores, np.full(scores.shape, -0.04 * top), "|",
            color=COLORS["points"], markersize=10, label="scores")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.1 * top, top * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts are whole
    _legend(ax)
    return ax


def _keras_curve(y_true, y_score, num_thresholds, thresholds):
    """Keras's counts, the points at its thresholds and the interpolated curve."""
    _require_positive(y_true)
    c = metrics.keras_confusion(y_true, y_score, num_thresholds=num_thresholds,
                                thresholds=thresholds)
    pos = c.tp[0] + c.fn[0]
    p = c.tp + c.fp
    recall = c.tp / pos
    precision = np.divide(c.tp, p, out=np.zeros_like(p), where=p > 0)
    # Between adjacent thresholds A (lower) and B, TP and P = TP + FP grow
    # linearly: tp = slope * P + intercept, precision = tp / P.
    curve_r, curve_p = [], []
    lam = np.linspace(0.0, 1.0, 101)
    for a in range(p.size - 1, 0, -1):  # from the highest threshold down
        b, a_ = a, a - 1
        d_tp, d_p = c.tp[a_] - c.tp[b], p[a_] - p[b]
        if d_p <= 0:
            continue
        slope = d_tp / d_p
        intercept = c.tp[b] - slope * p[b]
        p_seg = p[b] + lam * d_p
        tp_seg = slope * p_seg + intercept
        # With nothing predicted at B (P = 0), precision is the slope throughout.
        prec_seg = np.where(p_seg > 0, tp_seg / np.where(p_seg > 0, p_seg, 1),
                            slope)
        curve_r.append(tp_seg / pos)
        curve_p.append(prec_seg)
    if curve_r:
        curve_r, curve_p = np.concatenate(curve_r), np.concatenate(curve_p)
    else:
        curve_r, curve_p = np.zeros(1), np.zeros(1)
    return c, recall, precision, curve_r, curve_p


def _distinct_points(recall, precision, p):
    """Points of thresholds at which something is predicted, without repeats."""
    pts = np.unique(np.column_stack([recall[p > 0], precision[p > 0]]), axis=0)
    return pts[:, 0], pts[:, 1]


def interpolated_area(y_true, y_score, *, num_thresholds=200, thresholds=None,
                      ax=None):
    """Keras's PR-AUC: its points at its thresholds and the interpolated area.

    The points are precision and recall from Keras's confusion counts at its
    thresholds (:func:`helpers.metrics.keras_confusion`), each distinct point
    once. Between adjacent thresholds the curve is the Davis-Goadrich
    interpolation: TP and ``P = TP + FP`` grow linearly and precision is
    ``TP / P`` (a curve, not a straight line). The shaded area under it is
    Keras PR-AUC (drawn from 101 values per segment).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 0/1, at least one 1.
    y_score : array-like of shape (n_samples,)
        Probabilities in [0, 1].
    num_thresholds : int, default=200
    thresholds : array-like of float in [0, 1], default=None
        Custom thresholds, as for ``keras.metrics.AUC``.
    ax : matplotlib.axes.Axes, default=None

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` is the interpolated curve, ``ax.collections`` the
        shaded area and the points.
    """
    ax = _axes(ax)
    c, recall, precision, cr, cp = _keras_curve(y_true, y_score, num_thresholds,
                                                thresholds)
    value = metrics.keras_pr_auc(y_true, y_score, num_thresholds=num_thresholds,
                                 thresholds=thresholds)
    ax.plot(cr, cp, color=COLORS["keras"], linewidth=LINEWIDTH,
            label="interpolation between thresholds")
    ax.fill_between(cr, cp, color=COLORS["keras"], alpha=0.25, linewidth=0,
                    label=f"Keras PR-AUC = {value:.3f}")
    r, p = _distinct_points(recall, precision, c.tp + c.fp)
    ax.scatter(r, p, s=_marker_size(r.size), color=COLORS["points"], zorder=3,
               label="points at Keras's thresholds")
    _legend(ax)
    return ax


def riemann_bracket(y_true, y_score, *, num_thresholds=200, ax=None):
    """Keras's ``minoring`` and ``majoring`` sums as rectangles.

    Between adjacent thresholds, a rectangle over the recall they span, as high
    as the smaller (minoring) or larger (majoring) precision of the two ends
    (precision 0 where nothing is predicted positive, as in Keras). The two
    totals bracket the interpolated area, drawn as a line.

    Parameters
    ----------
    y_true, y_score : array-like of shape (n_samples,)
    num_thresholds : int, default=200
    ax : matplotlib.axes.Axes, default=None

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.containers[0]`` holds the majoring rectangles, ``ax.containers[1]``
        the minoring ones (rectangles of zero width are left out).
    """
    ax = _axes(ax)
    c, recall, precision, cr, cp = _keras_curve(y_true, y_score, num_thresholds,
                                                None)
    width = recall[:-1] - recall[1:]
    keep = width > 0
    left = recall[1:][keep]
    values = {
        m: metrics.keras_pr_auc(y_true, y_score, num_thresholds=num_thresholds,
                                summation_method=m)
        for m in ("majoring", "minoring", "interpolation")
    }
    # Minoring is drawn opaque over majoring, so each colour shows as it is in
    # the legend: sky blue up to the smaller end precision, yellow above it.
    for method, pick, alpha in (("majoring", np.maximum, 0.45),
                                ("minoring", np.minimum, 1.0)):
        heights = pick(precision[:-1], precision[1:])[keep]
        ax.bar(left, heights, width=width[keep], align="edge",
               color=COLORS[method], alpha=alpha, edgecolor=_WHITE,
               linewidth=0.8, label=f"{method} = {values[method]:.3f}")
    ax.plot(cr, cp, color=COLORS["keras"], linewidth=LINEWIDTH,
            label=f"interpolation = {values['interpolation']:.3f}")
    _legend(ax)
    return ax


# ---------------------------------------------------------------------------
# Everything at once, and sweeps


def overlay(y_true, y_score, *, num_thresholds=200, ax=None):
    """AP's steps, Keras's interpolation and the trapezoid, over each other.

    Three curves through (nearly) the same points, and three areas: AP's step
    sum on scikit-learn's points, Keras's interpolation at its thresholds, and
    the trapezoid that ``sklearn.metrics.auc(recall, precision)`` integrates
    (straight lines between scikit-learn's points, including its convention
    point at recall 0). The legend gives each area.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 0/1, at least one 1.
    y_score : array-like of shape (n_samples,)
        Probabilities in [0, 1].
    num_thresholds : int, default=200
        Keras's ``num_thresholds``.
    ax : matplotlib.axes.Axes, default=None

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines``: the step line, the interpolation, the trapezoid, in that
        order.
    """
    from sklearn.metrics import auc

    ax = _axes(ax)
    precision, recall, _ = _sklearn_points(y_true, y_score)
    ap = metrics.average_precision(y_true, y_score)
    keras = metrics.keras_pr_auc(y_true, y_score, num_thresholds=num_thresholds)
    trapezoid = float(auc(recall, precision))
    # AP holds precision P_n over (R_{n-1}, R_n]. Recall decreases along the
    # arrays, so each point's level runs on to the next (lower-recall) point.
    ax.step(recall, precision, where="post", color=COLORS["ap"],
            linewidth=LINEWIDTH, label=f"AP, step sum = {ap:.3f}")
    _, _, _, cr, cp = _keras_curve(y_true, y_score, num_thresholds, None)
    ax.plot(cr, cp, color=COLORS["keras"], linewidth=LINEWIDTH, linestyle="-",
            label=f"Keras PR-AUC, interpolation = {keras:.3f}")
    ax.plot(recall, precision, color=COLORS["trapezoid"], linewidth=LINEWIDTH,
            linestyle="--", label=f"trapezoid, auc(recall, precision) = "
            f"{trapezoid:.3f}")
    ax.scatter(recall[:-1], precision[:-1], s=_marker_size(recall.size - 1),
               color=COLORS["points"], zorder=3, label="scikit-learn's points")
    _legend(ax, fontsize=9)
    return ax


def sweep(x, series, *, xlabel, ylabel, logx=False, logy=False, reference=None,
          ax=None):
    """One line per named series against a common ``x``.

    Parameters
    ----------
    x : array-like of shape (n_points,)
    series : mapping of str to array-like of shape (n_points,)
        Legend label to values, drawn in the palette's order.
    xlabel, ylabel : str
        Axis labels (lowercase by the house rule).
    logx, logy : bool, default=False
        Logarithmic axes.
    reference : float or (str, float), default=None
        A horizontal dashed line (e.g. 0 for a difference), optionally labelled.
    ax : matplotlib.axes.Axes, default=None

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines`` holds one line per series, in order, then the reference.
    """
    if not isinstance(series, Mapping) or not series:
        raise ValueError(
            "series must be a non-empty mapping of label to values; received "
            f"{series!r:.80}"
        )
    x = np.asarray(x, dtype=float)
    ax = _axes(ax, xlabel=xlabel, ylabel=ylabel, unit_square=False)
    markers = "osD^vP*X"
    for i, (label, values) in enumerate(series.items()):
        values = np.asarray(values, dtype=float)
        if values.shape != x.shape:
            raise ValueError(
                f"series[{label!r}] must have the shape of x {x.shape}; received "
                f"{values.shape}."
            )
        ax.plot(x, values, color=PALETTE[1:][i % (len(PALETTE) - 1)],
                marker=markers[i % len(markers)], linewidth=LINEWIDTH, label=label)
    if reference is not None:
        label, value = reference if isinstance(reference, tuple) else (None,
                                                                       reference)
        ax.axhline(float(value), color=COLORS["grid"], linestyle="--",
                   linewidth=1.5, label=label)
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    _legend(ax)
    return ax


# ---------------------------------------------------------------------------
# --- Chapter 05: sweeps and the gap decomposition
#
# Figures of the parts of ``keras_pr_auc - average_precision`` computed by
# :func:`helpers.metrics.gap_decomposition`. Owned by chapter 05.

__all__ += [
    "GAP_COLORS",
    "gap_curves",
    "gap_bars",
    "tolerance_band",
    "quantile_band",
    "gap_collapse",
    "rule_map",
    "sweep_parts",
    "class_buckets",
    "bound_map",
]

#: One colour per part of the gap, the same in every figure of chapter 05, and
#: in the order of :data:`PALETTE` after black, so that :func:`sweep`, given the
#: parts in the order summation rule, binning, total, draws them in these colours.
GAP_COLORS = {
    "summation rule": "#0072B2",
    "binning": "#D55E00",
    "total": "#009E73",
}


def _every_score_curve(y_true, y_score):
    """The interpolation's curve with a threshold just below every score.

    The thresholds are the float32 numbers just below each distinct score, so
    ``score > threshold`` selects the samples scored at least that score (exact
    for scores that are float32 numbers).
    """
    levels = np.unique(np.asarray(y_score, dtype=np.float32))
    below = np.nextafter(levels, np.float32(0.0)).astype(float)
    below = below[below >= 0.0]
    return _keras_curve(y_true, y_score, 200, below)


def gap_curves(y_true, y_score, *, num_thresholds=200, axes=None):
    """The two parts of the gap as areas between curves, in two panels.

    Top, the summation rule: AP's steps on scikit-learn's points and the
    interpolation between the same points (a threshold at every distinct
    score). Bottom, binning: that interpolation and Keras's interpolation
    between its ``num_thresholds`` thresholds. The area between the curves of
    a panel is that part of the gap; the legend gives the areas.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels 0/1, at least one 1.
    y_score : array-like of shape (n_samples,)
        Probabilities in [0, 1]; the every-score curve is exact for scores that
        are float32 numbers.
    num_thresholds : int, default=200
        Keras's ``num_thresholds``.
    axes : sequence of two matplotlib.axes.Axes, default=None
        Drawn on a new figure of two panels, one above the other, when None.

    Returns
    -------
    ndarray of two matplotlib.axes.Axes
        The top panel's ``lines``: AP's steps, then the every-score
        interpolation; the bottom panel's: the every-score interpolation, then
        Keras's curve.
    """
    import matplotlib.pyplot as plt

    if axes is None:
        _, axes = plt.subplots(2, 1, figsize=(5.6, 7.6), sharex=True,
                               layout="constrained")
    axes = np.asarray(axes).ravel()
    if axes.size != 2:
        raise ValueError(f"axes must hold two Axes; received {axes.size}.")
    g = metrics.gap_decomposition(y_true, y_score, num_thresholds=num_thresholds)
    precision, recall, _ = _sklearn_points(y_true, y_score)
    *_, er, ep = _every_score_curve(y_true, y_score)
    *_, kr, kp = _keras_curve(y_true, y_score, num_thresholds, None)
    left, right = axes
    for ax in (left, right):
        _axes(ax)
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.05)
    left.set_xlabel("")  # the panels share the recall axis
    every = f"interpolation, every score = {g.interpolated_every_score:.3f}"
    # scikit-learn orders the points by decreasing recall: the precision of
    # point i holds from recall[i + 1] up to recall[i], hence "post".
    left.step(recall, precision, where="post", color=COLORS["ap"],
              linewidth=LINEWIDTH, label=f"AP, step sum = {g.average_precision:.3f}")
    left.plot(er, ep, color=COLORS["points"], linewidth=LINEWIDTH, linestyle="--",
              label=every)
    right.plot(er, ep, color=COLORS["points"], linewidth=LINEWIDTH, linestyle="--",
               label=every)
    right.plot(kr, kp, color=COLORS["keras"], linewidth=LINEWIDTH,
               label=f"Keras PR-AUC, {num_thresholds} thresholds = "
               f"{g.keras_pr_auc:.3f}")
    left.text(0.98, 0.98, f"summation rule: {g.summation_rule:+.3f}",
              transform=left.transAxes, ha="right", va="top")
    right.text(0.98, 0.98, f"binning: {g.binning:+.3f}",
               transform=right.transAxes, ha="right", va="top")
    for ax in (left, right):
        _legend(ax, loc="lower left", fontsize=9)
    return axes


def gap_bars(labels, decompositions, *, ax=None):
    """The binning and summation-rule parts of several gaps, as stacked bars.

    Parameters
    ----------
    labels : sequence of str
        One name per case, shown under its bars.
    decompositions : sequence of helpers.metrics.GapDecomposition
        One per label.
    ax : matplotlib.axes.Axes, default=None

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.containers[0]`` holds the binning bars, ``ax.containers[1]`` the
        summation-rule bars; ``ax.collections[0]`` the totals.
    """
    labels = list(labels)
    decompositions = list(decompositions)
    if len(labels) != len(decompositions) or not labels:
        raise ValueError(
            "labels and decompositions must be non-empty and of one length; "
            f"received {len(labels)} and {len(decompositions)}."
        )
    ax = _axes(ax, xlabel="", ylabel="Keras PR-AUC minus AP", unit_square=False)
    x = np.arange(len(labels))
    binning = np.array([g.binning for g in decompositions])
    rule = np.array([g.summation_rule for g in decompositions])
    total = np.array([g.total for g in decompositions])
    # A part of the same sign as the binning part is stacked on it; one of the
    # opposite sign starts at zero, so that both stay visible.
    ax.bar(x, binning, width=0.6, color=GAP_COLORS["binning"], label="binning")
    base = np.where(np.sign(rule) == np.sign(binning), binning, 0.0)
    ax.bar(x, rule, width=0.6, bottom=base, color=GAP_COLORS["summation rule"],
           label="summation rule")
    ax.scatter(x, total, s=_MARKERSIZE, marker="D", color=GAP_COLORS["total"],
               zorder=3, label="total")
    ax.axhline(0.0, color=COLORS["grid"], linewidth=1.0)
    ax.set_xticks(x, labels)
    _legend(ax, loc="lower left")
    return ax


def tolerance_band(ax, *, level=0.01):
    """Shade ``|y| <= level`` on an Axes: where a gap is too small to matter.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        For example the Axes returned by :func:`sweep`.
    level : float, default=0.01

    Returns
    -------
    matplotlib.axes.Axes
        ``ax`` itself, with the band last in ``ax.patches``.
    """
    ax.axhspan(-level, level, color=COLORS["grid"], alpha=0.25, linewidth=0,
               label=f"|gap| <= {level:g}")
    _legend(ax)
    return ax


def quantile_band(x, values, *, label, quantiles=(0.1, 0.9), ax):
    """Shade the spread of repeated draws around a sweep's median line.

    Parameters
    ----------
    x : array-like of shape (n_points,)
    values : array-like of shape (n_draws, n_points)
        One row per seeded draw.
    label : str
        A key of :data:`GAP_COLORS`: the colour of the band.
    quantiles : (float, float), default=(0.1, 0.9)
    ax : matplotlib.axes.Axes

    Returns
    -------
    matplotlib.axes.Axes
        ``ax`` itself, with the band last in ``ax.collections``.
    """
    values = np.asarray(values, dtype=float)
    x = np.asarray(x, dtype=float)
    if values.ndim != 2 or values.shape[1] != x.size:
        raise ValueError(
            f"values must have shape (n_draws, {x.size}); received {values.shape}."
        )
    if label not in GAP_COLORS:
        raise ValueError(
            f"label must be one of {tuple(GAP_COLORS)}; received {label!r}."
        )
    lo, hi = np.quantile(values, quantiles, axis=0)
    ax.fill_between(x, lo, hi, color=GAP_COLORS[label], alpha=0.2, linewidth=0)
    return ax


def gap_collapse(curves, *, xlabel, ylabel, level=0.01, logx=True, logy=True,
                 ax=None):
    """Several sweeps against one derived quantity, each with its own x values.

    Used to show that sweeps of different settings fall on one curve when drawn
    against the right quantity (e.g. the size of a part of the gap against the
    crowding of the buckets), and where that curve crosses ``level``.

    Parameters
    ----------
    curves : mapping of str to (array-like, array-like)
        Legend label to ``(x, y)`` of one sweep, drawn in the palette's order.
    xlabel, ylabel : str
    level : float or None, default=0.01
        A horizontal dashed line at this height (None: no line).
    logx, logy : bool, default=True
    ax : matplotlib.axes.Axes, default=None

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines`` holds one line per curve, in order, then the level.
    """
    if not isinstance(curves, Mapping) or not curves:
        raise ValueError(
            "curves must be a non-empty mapping of label to (x, y); received "
            f"{curves!r:.80}"
        )
    ax = _axes(ax, xlabel=xlabel, ylabel=ylabel, unit_square=False)
    markers = "osD^vP*X"
    for i, (label, (x, y)) in enumerate(curves.items()):
        x, y = np.asarray(x, float), np.asarray(y, float)
        if x.shape != y.shape:
            raise ValueError(
                f"curves[{label!r}] needs x and y of one shape; received {x.shape} "
                f"and {y.shape}."
            )
        order = np.argsort(x)
        ax.plot(x[order], y[order], color=PALETTE[1:][i % (len(PALETTE) - 1)],
                marker=markers[i % len(markers)], linewidth=LINEWIDTH, label=label)
    if level is not None:
        ax.axhline(level, color=COLORS["grid"], linestyle="--", linewidth=1.5,
                   label=f"{level:g}")
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    _legend(ax)
    return ax


def rule_map(x, y, large, *, x_cut, y_cut, xlabel, ylabel, level=0.01, ax=None):
    """Draws of a sweep as points, marked by whether their gap is large.

    The rule of thumb flags a draw when ``x < x_cut`` or ``y > y_cut``; the two
    cuts are drawn as dashed lines, so a large gap outside the flagged region
    (a miss of the rule) is seen at once.

    Parameters
    ----------
    x, y : array-like of shape (n_draws,)
        Positive values, drawn on logarithmic axes.
    large : array-like of bool, shape (n_draws,)
        Whether the draw's ``|gap|`` exceeds ``level``.
    x_cut, y_cut : float
        The rule's two cuts.
    xlabel, ylabel : str
    level : float, default=0.01
        The size of gap that ``large`` refers to (for the legend).
    ax : matplotlib.axes.Axes, default=None

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.collections[0]`` holds the small gaps, ``[1]`` the large ones.
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    large = np.asarray(large, bool)
    if not (x.shape == y.shape == large.shape) or x.ndim != 1:
        raise ValueError(
            "x, y and large must be 1-D of one length; received shapes "
            f"{x.shape}, {y.shape} and {large.shape}."
        )
    ax = _axes(ax, xlabel=xlabel, ylabel=ylabel, unit_square=False)
    ax.scatter(x[~large], y[~large], s=_MARKERSIZE / 3, color=COLORS["grid"],
               alpha=0.7, label=f"|gap| <= {level:g}")
    ax.scatter(x[large], y[large], s=_MARKERSIZE / 2, marker="D",
               color=GAP_COLORS["binning"], label=f"|gap| > {level:g}")
    ax.axvline(x_cut, color=COLORS["points"], linestyle="--", linewidth=1.5)
    ax.axhline(y_cut, color=COLORS["points"], linestyle="--", linewidth=1.5,
               label="the rule's cuts")
    ax.set_xscale("log")
    ax.set_yscale("log")
    _legend(ax, loc="lower right", fontsize=9)
    return ax


def sweep_parts(x, parts, *, xlabel, ylabel, logx=False, ax=None):
    """:func:`sweep` of the parts of the gap, with the total drawn on top.

    The total often coincides with one part; it is drawn last as a thin
    dashed black line with hollow markers, so the part beneath stays visible.

    Parameters
    ----------
    x : array-like of shape (n_points,)
    parts : mapping of str to array-like of shape (n_points,)
        Must hold ``"total"``; the other entries are drawn as by :func:`sweep`.
    xlabel, ylabel : str
    logx : bool, default=False
    ax : matplotlib.axes.Axes, default=None

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines``: the parts, the reference line at 0, then the total.
    """
    if not isinstance(parts, Mapping) or "total" not in parts:
        raise ValueError(
            f"parts must be a mapping with a 'total' entry; received {parts!r:.80}"
        )
    others = {k: v for k, v in parts.items() if k != "total"}
    ax = sweep(x, others, xlabel=xlabel, ylabel=ylabel, logx=logx,
               reference=0.0, ax=ax)
    ax.plot(np.asarray(x, float), np.asarray(parts["total"], float),
            color=COLORS["points"], linestyle="--", linewidth=1.2, marker="o",
            markerfacecolor="none", markersize=9, label="total")
    _legend(ax)
    return ax


def class_buckets(y_true, y_score, *, num_thresholds=200, ax=None):
    """Negatives and positives in each non-empty Keras bucket, on a log scale.

    Bars of both classes side by side over each bucket that holds a score,
    drawn at equal widths in bucket order (the x axis is the bucket's lower
    threshold); empty buckets are left out, so a crowded first bucket shows.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels, 0 or 1.
    y_score : array-like of shape (n_samples,)
        Probabilities in [0, 1].
    num_thresholds : int, default=200
    ax : matplotlib.axes.Axes, default=None

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.containers[0]`` holds the negatives' bars, ``[1]`` the positives'.
    """
    c = metrics.keras_confusion(y_true, y_score, num_thresholds=num_thresholds)
    pos = c.tp[:-1] - c.tp[1:]
    neg = c.fp[:-1] - c.fp[1:]
    keep = np.flatnonzero(pos + neg > 0)
    ax = _axes(ax, xlabel="bucket (lower threshold)", ylabel="samples in bucket",
               unit_square=False)
    at = np.arange(keep.size)
    ax.bar(at - 0.2, neg[keep], width=0.4, color=COLORS["grid"],
           label="negatives")
    ax.bar(at + 0.2, pos[keep], width=0.4, color=GAP_COLORS["binning"],
           label="positives")
    ax.set_yscale("log")
    ax.set_xticks(at)
    ax.set_xticklabels([f"{max(t, 0.0):.3f}" for t in c.thresholds[keep]],
                       rotation=90, fontsize=7)
    _legend(ax)
    return ax


def bound_map(bound, gap, *, level=0.01, ax=None):
    """Each draw's ``|gap|`` against the bound that :func:`gap_check` gives.

    ``bound`` is the largest ``|gap|`` the counts allow, so every point lies
    on or below the diagonal; the dashed lines at ``level`` split the plane
    into hits (upper right), false alarms (lower right) and quiet draws (lower
    left). A miss would sit in the upper left, which the bound excludes.

    Parameters
    ----------
    bound, gap : array-like of shape (n_draws,)
        Sizes >= 0; values below 1e-6 are drawn at 1e-6 (log axes).
    level : float, default=0.01
    ax : matplotlib.axes.Axes, default=None

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.collections[0]`` holds the points.
    """
    bound, gap = np.asarray(bound, float), np.asarray(gap, float)
    if bound.shape != gap.shape or bound.ndim != 1:
        raise ValueError(
            "bound and gap must be 1-D of one length; received shapes "
            f"{bound.shape} and {gap.shape}."
        )
    floor = 1e-6
    b, g = np.maximum(bound, floor), np.maximum(gap, floor)
    ax = _axes(ax, xlabel="largest |gap| the counts allow",
               ylabel="|gap| (Keras PR-AUC minus AP)", unit_square=False)
    large = g > level
    colors = np.where(large, GAP_COLORS["binning"], COLORS["grid"])
    ax.scatter(b, g, s=_MARKERSIZE / 3, c=colors, alpha=0.8)
    top = max(float(b.max()), float(g.max()), 10 * level)
    ax.plot([floor, top], [floor, top], color=COLORS["points"], linewidth=1.0,
            label="|gap| = bound")
    ax.axvline(level, color=COLORS["points"], linestyle="--", linewidth=1.5)
    ax.axhline(level, color=COLORS["points"], linestyle="--", linewidth=1.5,
               label=f"{level:g}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    _legend(ax, loc="upper left", fontsize=9)
    return ax
