"""What each function of helpers.plotting draws: artists, data, labels, colours.

No pixels are compared. The Agg backend draws without a display.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from sklearn.metrics import auc, precision_recall_curve  # noqa: E402

from helpers import metrics, plotting  # noqa: E402
from helpers.libraries import sklearn_ap  # noqa: E402

Y = [0, 1, 0, 0, 0]
S = [0.7, 0.8, 0.5, 0.9, 0.1]
WHITE = to_rgba("white")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _seeded(n=60, seed=3):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.3).astype(int)
    y[0] = 1
    s = np.round(np.clip(rng.normal(0.4 + 0.25 * y, 0.2), 0, 1), 2)
    return y, s


def _legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _house_style(ax):
    assert to_rgba(ax.figure.get_facecolor()) == WHITE
    assert to_rgba(ax.get_facecolor()) == WHITE
    assert ax.get_title() == ""
    assert len(ax.figure.texts) == 0 and ax.figure._suptitle is None
    for label in (ax.get_xlabel(), ax.get_ylabel()):
        assert label and label == label.lower()
    legend = ax.get_legend()
    if legend is not None:
        assert to_rgba(legend.get_frame().get_facecolor()) == WHITE


def _rect_area(patches):
    return sum(p.get_width() * p.get_height() for p in patches)


def test_new_axes_style():
    ax = plotting.new_axes()
    _house_style(ax)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("recall", "precision")
    assert ax.get_xlim()[0] < 0 < 1 < ax.get_xlim()[1]


def test_new_axes_custom_labels_and_limits():
    ax = plotting.new_axes(xlabel="score", ylabel="count", unit_square=False)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("score", "count")


def test_given_axes_is_styled_and_returned():
    fig, ax = plt.subplots()
    fig.set_facecolor((1, 1, 1, 0))  # as matplotlib-inline's default
    out = plotting.step_area(Y, S, ax=ax)
    assert out is ax
    _house_style(ax)


def test_pr_points_draws_sklearn_points():
    ax = plotting.pr_points(Y, S)
    _house_style(ax)
    precision, recall, thresholds = precision_recall_curve(Y, S)
    points, convention = ax.collections[:2]
    np.testing.assert_allclose(points.get_offsets(),
                               np.column_stack([recall[:-1], precision[:-1]]))
    np.testing.assert_allclose(convention.get_offsets(), [[0.0, 1.0]])
    assert to_rgba(convention.get_facecolor()[0]) == WHITE
    labels = [t.get_text() for t in ax.texts]
    assert labels == [f"{t:g}" for t in thresholds]
    (baseline,) = ax.lines
    np.testing.assert_allclose(baseline.get_ydata(), [0.2, 0.2])
    assert baseline.get_linewidth() == plotting.LINEWIDTH
    assert "prevalence 0.20" in _legend_texts(ax)


def _label_boxes(ax):
    """Centre height and horizontal extent of each threshold label, in pixels."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in ax.texts]


@pytest.mark.parametrize("data", [
    (Y, S),
    # the seeded example of chapter 1: six points, two at recall 1
    ([1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0],
     [0.7, 0.6, 0.2, 0.4, 0.2, 0.3, 0.2, 0.4, 0.5, 0.5, 0.7, 0.4, 0.3, 0.4, 0.7,
      0.5, 0.2, 0.6, 0.3, 0.3]),
])
def test_pr_points_labels_neither_overlap_nor_touch_the_baseline(data):
    y, s = data
    ax = plotting.pr_points(y, s)
    boxes = _label_boxes(ax)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)
    (baseline,) = ax.lines
    line_y = ax.transData.transform((0.0, baseline.get_ydata()[0]))[1]
    for box in boxes:
        assert not box.y0 <= line_y <= box.y1, box


def test_pr_points_labels_stay_next_to_their_points():
    ax = plotting.pr_points(Y, S)
    precision, recall, _ = precision_recall_curve(Y, S)
    for text, r, p in zip(ax.texts, recall[:-1], precision[:-1]):
        assert text.xy == pytest.approx((r, p))
        dx, dy = text.xyann
        assert dx > 0 and abs(dy) <= 2 * plotting._LABEL_GAP


def test_pr_points_tie_is_one_point_with_its_count():
    y = [0, 1, 1, 0, 0]
    s = [0.7, 0.5, 0.5, 0.5, 0.1]
    ax = plotting.pr_points(y, s, baseline=False, convention=False)
    assert len(ax.collections[0].get_offsets()) == 3
    assert "0.5 (3 samples)" in [t.get_text() for t in ax.texts]
    assert len(ax.lines) == 0


def test_pr_points_without_labels():
    ax = plotting.pr_points(Y, S, label_thresholds=False)
    assert len(ax.texts) == 0


def test_sklearn_display_is_restyled():
    ax = plotting.sklearn_display(Y, S)
    _house_style(ax)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("recall", "precision")
    texts = _legend_texts(ax)
    assert any("AP = 0.50" in t for t in texts)
    assert ax.lines[0].get_linewidth() == plotting.LINEWIDTH


@pytest.mark.parametrize("data", [(Y, S), _seeded()])
def test_step_area_rectangles_sum_to_ap(data):
    y, s = data
    ax = plotting.step_area(y, s)
    _house_style(ax)
    ap = metrics.average_precision(y, s)
    assert _rect_area(ax.patches) == pytest.approx(ap, abs=1e-12)
    assert all(p.get_width() > 0 for p in ax.patches)
    assert f"AP, step sum = {ap:.3f}" in _legend_texts(ax)


def test_step_area_toy_rectangle():
    ax = plotting.step_area(Y, S)
    (rect,) = ax.patches  # one positive: one rectangle
    assert (rect.get_x(), rect.get_width(), rect.get_height()) == (0.0, 1.0, 0.5)


def test_keras_grid_thresholds_and_buckets():
    s = [0.05, 0.12, 0.18, 0.5, 0.5, 0.95]
    ax = plotting.keras_grid(s, num_thresholds=11)
    _house_style(ax)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("score", "scores in bucket")
    lines = ax.collections[0]
    xs = [seg[0, 0] for seg in lines.get_segments()]
    np.testing.assert_allclose(xs, metrics.keras_thresholds(11))
    bars = {round(p.get_x(), 7): p.get_height() for p in ax.patches}
    # (0.1, 0.2] holds 0.12 and 0.18; 0.5 lies in (0.4, 0.5]; 0.05 in (-eps, 0.1].
    assert bars == {-1e-07: 1.0, 0.1: 2.0, 0.4: 2.0, 0.9: 1.0}
    assert sum(bars.values()) == len(s)
    np.testing.assert_allclose(ax.lines[0].get_xdata(), s)


def test_keras_grid_count_axis_has_integer_ticks():
    ax = plotting.keras_grid([0.7, 0.8, 0.5, 0.9, 0.1], num_thresholds=6)
    ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)


def test_keras_grid_custom_thresholds():
    ax = plotting.keras_grid([0.2, 0.6], thresholds=[0.3, 0.5])
    xs = [seg[0, 0] for seg in ax.collections[0].get_segments()]
    np.testing.assert_allclose(xs, [-1e-7, 0.3, 0.5, 1 + 1e-7])


@pytest.mark.parametrize("num_thresholds", [3, 5, 200])
@pytest.mark.parametrize("data", [(Y, S), _seeded()])
def test_interpolated_area_matches_keras(data, num_thresholds):
    y, s = data
    ax = plotting.interpolated_area(y, s, num_thresholds=num_thresholds)
    _house_style(ax)
    curve = ax.lines[0]
    r, p = curve.get_data()
    assert np.all(np.diff(r) >= -1e-12)  # drawn from recall 0 upwards
    value = metrics.keras_pr_auc(y, s, num_thresholds=num_thresholds)
    # The drawn curve, integrated, is Keras's closed form (up to sampling).
    assert np.trapezoid(p, r) == pytest.approx(value, abs=2e-4)
    # The shaded area follows the curve down to precision 0.
    (fill,) = [c for c in ax.collections if c.get_label().startswith("Keras")]
    verts = fill.get_paths()[0].vertices
    assert verts[:, 1].min() == 0.0
    assert verts[:, 1].max() == pytest.approx(p.max())
    assert f"Keras PR-AUC = {value:.3f}" in _legend_texts(ax)


def test_interpolated_area_points_are_keras_counts():
    ax = plotting.interpolated_area(Y, S, num_thresholds=5)
    c = metrics.keras_confusion(Y, S, num_thresholds=5)
    pred = c.tp + c.fp
    expected = {(tp / 1.0, tp / p) for tp, p in zip(c.tp, pred) if p > 0}
    points = ax.collections[-1].get_offsets()
    assert {tuple(np.round(pt, 12)) for pt in points} == {
        tuple(np.round(pt, 12)) for pt in expected
    }


def test_interpolated_area_is_a_curve_not_a_chord():
    # Between (TP, P) = (0, 1) and (1, 2) precision is (P - 1) / P, not linear.
    ax = plotting.interpolated_area(Y, S)
    r, p = ax.lines[0].get_data()
    mid = np.argmin(np.abs(r - 0.5))
    assert p[mid] == pytest.approx((1.5 - 1) / 1.5, abs=1e-2)


@pytest.mark.parametrize("data", [(Y, S), _seeded()])
def test_riemann_bracket_sums(data):
    y, s = data
    ax = plotting.riemann_bracket(y, s, num_thresholds=7)
    _house_style(ax)
    major, minor = ax.containers
    lo = metrics.keras_pr_auc(y, s, num_thresholds=7, summation_method="minoring")
    hi = metrics.keras_pr_auc(y, s, num_thresholds=7, summation_method="majoring")
    mid = metrics.keras_pr_auc(y, s, num_thresholds=7)
    assert _rect_area(minor.patches) == pytest.approx(lo, abs=1e-6)
    assert _rect_area(major.patches) == pytest.approx(hi, abs=1e-6)
    assert lo <= mid <= hi
    for a, b in zip(minor.patches, major.patches):
        assert a.get_height() <= b.get_height()
    # Minoring is opaque and in front, so it shows in its own colour.
    assert all(r.get_facecolor()[3] == 1.0 for r in minor.patches)
    drawn = list(ax.patches)  # equal zorder: later patches are drawn on top
    assert drawn.index(minor.patches[0]) > drawn.index(major.patches[-1])
    assert to_rgba(minor.patches[0].get_facecolor(), 1.0) == to_rgba(
        plotting.COLORS["minoring"])
    texts = _legend_texts(ax)
    assert f"minoring = {lo:.3f}" in texts and f"majoring = {hi:.3f}" in texts


def test_overlay_three_curves_and_legend():
    y, s = _seeded()
    ax = plotting.overlay(y, s, num_thresholds=50)
    _house_style(ax)
    step, interp, trap = ax.lines
    precision, recall, _ = precision_recall_curve(y, s)
    np.testing.assert_allclose(step.get_xdata(), recall)
    assert step.get_drawstyle() == "steps-post"
    np.testing.assert_allclose(trap.get_ydata(), precision)
    assert trap.get_drawstyle() == "default"
    assert len({step.get_color(), interp.get_color(), trap.get_color()}) == 3
    ap = metrics.average_precision(y, s)
    keras = metrics.keras_pr_auc(y, s, num_thresholds=50)
    texts = _legend_texts(ax)
    assert texts[:3] == [
        f"AP, step sum = {ap:.3f}",
        f"Keras PR-AUC, interpolation = {keras:.3f}",
        f"trapezoid, auc(recall, precision) = {auc(recall, precision):.3f}",
    ]


def test_overlay_steps_are_aps_rectangles():
    # trapezoid-vs-step: points (0.5, 1), (0.5, 0.5), (1, 2/3), (1, 0.5).
    y, s = [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]
    ax = plotting.overlay(y, s)
    step = ax.lines[0]
    # The path matplotlib draws: the horizontal piece over recall (0.5, 1) is at
    # the precision where that recall is gained, 2/3, as in AP's step sum.
    verts = step.get_path().vertices
    flat = [(a, b) for a, b in zip(verts[:-1], verts[1:])
            if a[1] == b[1] and a[0] != b[0]]
    levels = {(min(a[0], b[0]), max(a[0], b[0])): a[1] for a, b in flat}
    assert levels == pytest.approx({(0.0, 0.5): 1.0, (0.5, 1.0): 2 / 3})
    area = sum((hi - lo) * h for (lo, hi), h in levels.items())
    assert area == pytest.approx(metrics.average_precision(y, s))


def test_sweep_one_line_per_series():
    x = [10, 100, 1000]
    series = {"AP": [0.1, 0.2, 0.3], "Keras PR-AUC": [0.05, 0.15, 0.3]}
    ax = plotting.sweep(x, series, xlabel="samples", ylabel="value", logx=True,
                        reference=("equal", 0.0))
    _house_style(ax)
    first, second, ref = ax.lines
    np.testing.assert_allclose(first.get_xdata(), x)
    np.testing.assert_allclose(second.get_ydata(), series["Keras PR-AUC"])
    np.testing.assert_allclose(ref.get_ydata(), [0.0, 0.0])
    assert ax.get_xscale() == "log" and ax.get_yscale() == "linear"
    assert _legend_texts(ax) == ["AP", "Keras PR-AUC", "equal"]
    assert first.get_color() != second.get_color()


def test_sweep_bad_series():
    with pytest.raises(ValueError, match="series must be a non-empty mapping"):
        plotting.sweep([1, 2], [], xlabel="x", ylabel="y")
    with pytest.raises(ValueError, match=r"series\['a'\] must have the shape"):
        plotting.sweep([1, 2], {"a": [1, 2, 3]}, xlabel="x", ylabel="y")


@pytest.mark.parametrize(
    "func",
    [plotting.pr_points, plotting.step_area, plotting.interpolated_area,
     plotting.riemann_bracket, plotting.overlay, plotting.sklearn_display],
)
def test_no_positive_is_an_error(func):
    with pytest.raises(ValueError, match="at least one positive"):
        func([0, 0, 0], [0.1, 0.5, 0.9])


def test_interpolated_area_custom_thresholds():
    y, s = _seeded()
    ax = plotting.interpolated_area(y, s, thresholds=[0.3, 0.45, 0.6])
    r, p = ax.lines[0].get_data()
    value = metrics.keras_pr_auc(y, s, thresholds=[0.3, 0.45, 0.6])
    assert np.trapezoid(p, r) == pytest.approx(value, abs=2e-4)
    # Five thresholds (two end points added), so at most five distinct points.
    assert len(ax.collections[-1].get_offsets()) <= 5


def test_interpolated_area_first_segment_is_flat():
    # From "nothing predicted" to the first threshold with a prediction, Keras's
    # precision is constant (the slope TP/P): here 1, up to recall 0.5.
    y, s = [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]
    ax = plotting.interpolated_area(y, s)
    r, p = ax.lines[0].get_data()
    first = r < 0.5 - 1e-12  # at recall 0.5 precision then falls to 0.5
    np.testing.assert_allclose(p[first], 1.0)


_labels = st.lists(st.integers(0, 1), min_size=2, max_size=30).filter(
    lambda v: 1 in v
)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_areas_drawn_are_the_libraries_values(data):
    y = data.draw(_labels)
    s = data.draw(st.lists(st.integers(0, 20).map(lambda k: k / 20),
                           min_size=len(y), max_size=len(y)))
    ax = plotting.step_area(y, s)
    assert _rect_area(ax.patches) == pytest.approx(sklearn_ap(y, s), abs=1e-9)
    plt.close("all")
    ax = plotting.interpolated_area(y, s, num_thresholds=11)
    r, p = ax.lines[0].get_data()
    value = metrics.keras_pr_auc(y, s, num_thresholds=11)
    assert np.trapezoid(p, r) == pytest.approx(value, abs=1e-3)
    plt.close("all")
