"""Every chart shows the text of rubrics, sessions and votes as typed: plotly reads a few HTML tags
(``<a href>`` is a live link, ``<b>`` bold) and ``$...$`` as maths, so every label, tick, legend name,
hover text, title and annotation is escaped, and no user text is put into a hover template."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import plotly.graph_objects as go
import pytest
from hostile_text import HOSTILE, hostile_rubric
from session_support import session_info, session_of
from test_rollup import snap

from sipr_core import Rating
from sipr_core.charts import radar_spec
from sipr_core.progress import trend
from sipr_core.rollup import rollup
from sipr_core.rollup_charts import distribution_spec, heatmap_spec
from sipr_core.session import Entry
from sipr_core.trend_charts import trend_spec
from sipr_core.vote_charts import dots_spec

RUBRICS = ["micip-collaboration", "sipr-practice-profile", "leadership-system"]
OURS = re.compile(r"<br>|<extra></extra>")  # the only markup the chart modules write themselves
ENTITY = re.compile(r"&(#\d+|#x[\da-fA-F]+|[a-z][a-z0-9]*);", re.I)  # what plotly reads as an entity
USERS = ("evil", "Bold", "smile", "Riverside (East)")  # words of HOSTILE: none may be in a template


def texts(spec: object, key: str = "") -> Iterator[tuple[str, str]]:
    """Every (property, text) of a figure dictionary."""
    if isinstance(spec, str):
        yield key, spec
    elif isinstance(spec, dict):
        for k, v in spec.items():
            yield from texts(v, k)
    elif isinstance(spec, list | tuple):
        for v in spec:
            yield from texts(v, key)


def markup_in(spec: dict[str, object]) -> list[tuple[str, str]]:
    """The texts that plotly would read as markup, and the templates that hold text of a user."""
    go.Figure(spec)  # valid first: plotly rejects a bad property
    found = []
    for key, text in texts(spec):
        left = OURS.sub("", text).replace("&amp;", "").replace("&lt;", "").replace("&gt;", "").replace("&#36;", "")
        if re.search(r"[<>$]", left) or ENTITY.search(left) or ("template" in key and any(w in text for w in USERS)):
            found.append((key, text))
    return found


def rated(rubric):
    """A session of the rubric with every other cell rated, with hostile evidence."""
    levels = rubric.level_ids()
    entries = [
        Entry(Rating(row.id, d, levels[i % len(levels)]), evidence=HOSTILE[i % len(HOSTILE)])
        for i, (_, row) in enumerate(rubric.rows())
        for d in rubric.dimension_ids()
        if i % 2 == 0
    ]
    return session_of(rubric, *entries, info=session_info(rubric, district=HOSTILE[1], team=HOSTILE[2]))


@pytest.mark.parametrize("rubric_id", RUBRICS)
def test_radar_and_bar_charts_show_rubric_text_as_typed(library, rubric_id):
    rubric = hostile_rubric(library.get(rubric_id))
    ratings = rated(rubric).ratings()
    for group_id in [None, *(g.id for g in rubric.groups)]:
        spec = radar_spec(rubric, ratings, ratings, group_id, title=HOSTILE[0], previous_name=HOSTILE[3])
        assert markup_in(spec) == []


@pytest.mark.parametrize("rubric_id", RUBRICS)
def test_trend_charts_show_group_and_row_titles_as_typed(library, rubric_id):
    rubric = hostile_rubric(library.get(rubric_id))
    found = trend([rated(rubric), rated(rubric)])
    for dimension in rubric.dimension_ids():
        for group_title in [None, *(g.title for g in rubric.groups)]:
            assert markup_in(trend_spec(found, dimension, group_title)) == []


def test_the_dot_chart_shows_level_names_and_group_names_as_typed():
    spec = dots_spec(HOSTILE[:4], [1, 2, 2, 4], 2.0, labels=HOSTILE[2:6])
    assert markup_in(spec) == []


@pytest.mark.parametrize("rubric_id", RUBRICS)
def test_district_charts_show_school_rubric_and_level_text_as_typed(library, rubric_id):
    rubric = hostile_rubric(library.get(rubric_id))
    levels = rubric.level_ids()
    schools = [
        snap(rubric, name, *[Rating(row.id, d, levels[n % len(levels)]) for _, row in rubric.rows()
                             for d in rubric.dimension_ids()], team=HOSTILE[2], held_on=datetime.date(2026, 1, n + 1))
        for n, name in enumerate(HOSTILE)
    ]
    found = rollup(rubric, {}, schools)
    for dimension in rubric.dimension_ids():
        for group_id in [None, *(g.id for g in rubric.groups)]:
            assert markup_in(heatmap_spec(found, dimension, group_id)) == []
            assert markup_in(distribution_spec(found, dimension, group_id)) == []


def test_a_long_label_is_wrapped_and_cut_before_it_is_escaped(library):
    """An entity cut in half by wrapping would show as "&am"; the text is wrapped as typed, then escaped."""
    rubric = hostile_rubric(library.get("micip-collaboration"))
    spec = radar_spec(rubric, rated(rubric).ratings())
    axes = spec["layout"]["polar"]["angularaxis"]  # type: ignore[index]
    theta = spec["data"][0]["theta"]  # type: ignore[index]
    assert not [t for t in theta if re.search(r"&[a-z#0-9]+(<br>|…|$)", t)], (axes, theta)
