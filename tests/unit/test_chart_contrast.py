"""WCAG 2.1 AA in the charts: text at 4.5:1 and strokes at 3:1 against the white page (1.4.3, 1.4.11)."""

from __future__ import annotations

import datetime

import pytest
from test_progress import session
from test_rollup_charts import some_schools

from sipr_core import Rating, TargetSet, radar
from sipr_core.charts import COLOURS, INK, PREVIOUS, TARGET
from sipr_core.progress import trend
from sipr_core.rollup import rollup
from sipr_core.rollup_charts import distribution_spec, heatmap_spec
from sipr_core.rubric import DEFAULT_DIMENSION as D
from sipr_core.scoring import index_ratings
from sipr_core.trend_charts import trend_spec
from sipr_core.vote_charts import dots

WHITE = "#FFFFFF"


def luminance(colour: str) -> float:
    """Relative luminance of an sRGB colour (#RRGGBB), as WCAG 2.1 defines it."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast(WHITE, WHITE) == pytest.approx(1.0)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", [*COLOURS, PREVIOUS, TARGET])
def test_every_line_of_a_chart_stands_out_at_3_to_1_on_white(colour):
    assert contrast(colour, WHITE) >= 3.0, f"{colour} is {contrast(colour, WHITE):.2f}:1 on white"


def test_the_theme_text_colour_of_the_charts_reads_at_4_5_to_1():
    assert contrast(INK, WHITE) >= 4.5


def axis_text_colours(spec: dict) -> dict[str, str | None]:
    """The colour of every axis' tick labels and title: set on the axis, or the layout's font colour."""
    base = spec["layout"].get("font", {}).get("color")
    found: dict[str, str | None] = {}
    layout = spec["layout"]
    axes = {k: v for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))}
    if "polar" in layout:
        axes.update({f"polar.{k}": v for k, v in layout["polar"].items()})
    for name, axis in axes.items():
        if axis.get("visible") is False:
            continue
        found[f"{name}.tickfont"] = axis.get("tickfont", {}).get("color", base)
        title = axis.get("title", {})
        if isinstance(title, dict) and title.get("text"):
            found[f"{name}.title"] = title.get("font", {}).get("color", base)
    return found


def charts(collaboration, sipr):
    rated = index_ratings([Rating("vision", D, "developing"), Rating("policies", D, "evolving")])
    targets = TargetSet(rows={("vision", D): "accomplished"})
    yield "radar", radar(collaboration, rated, previous=rated, targets=targets).to_dict()
    two_rows = [g.model_copy(update={"rows": g.rows[:2]}) for g in collaboration.groups]
    yield (
        "bars",
        radar(collaboration.model_copy(update={"groups": two_rows}), rated, previous=rated).to_dict(),
    )
    yield "sipr", radar(sipr, {}).to_dict()
    yield "dots", dots(["Beginning", "Developing", "Evolving", "Accomplished"], [1, 2, 2], 2.0).to_dict()
    series = [
        session(collaboration, datetime.date(2025, 11, 1), {"vision": "beginning"}),
        session(collaboration, datetime.date(2026, 11, 1), {"vision": "evolving"}, code="BBB-BBB-BBB"),
    ]
    yield "trend", trend_spec(trend(series), D)
    found = rollup(collaboration, {}, some_schools(collaboration))
    yield "heatmap", heatmap_spec(found, D)
    yield "distribution", distribution_spec(found, D)


def test_every_axis_label_of_every_chart_is_drawn_in_a_colour_that_reads_at_4_5_to_1(collaboration, sipr):
    for name, spec in charts(collaboration, sipr):
        colours = axis_text_colours(spec)
        assert colours, f"{name}: no axis found"
        for where, colour in colours.items():
            assert colour is not None, (
                f"{name} {where}: no colour set, so Streamlit's grey theme colour shows"
            )
            assert contrast(colour, WHITE) >= 4.5, f"{name} {where}: {colour}"


def test_the_radar_level_labels_are_set_in_the_ink_colour_not_left_to_the_theme(collaboration):
    spec = radar(collaboration, {}).to_dict()
    assert spec["layout"]["polar"]["radialaxis"]["tickfont"]["color"] == INK


def test_the_median_line_and_its_label_of_the_dot_chart_read_on_white():
    spec = dots(["Beginning", "Developing", "Evolving", "Accomplished"], [1, 2, 2], 2.0).to_dict()
    assert contrast(spec["layout"]["shapes"][0]["line"]["color"], WHITE) >= 3.0
    assert contrast(spec["layout"]["annotations"][0]["font"]["color"], WHITE) >= 4.5


def test_the_previous_session_line_is_not_faded_below_3_to_1(collaboration):
    rated = index_ratings([Rating("vision", D, "developing")])
    spec = radar(collaboration, rated, previous=rated).to_dict()
    previous = [t for t in spec["data"] if "previous" in t["name"]]
    assert previous and all(t.get("opacity", 1) == 1 for t in previous)
