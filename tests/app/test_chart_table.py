"""The chart as a table: a real table for screen readers, with every text shown as typed."""

from __future__ import annotations

from pages.common import CHART_TABLE, chart_table_html
from sipr_core import TextTable


def test_the_table_has_a_caption_scoped_headers_and_escapes_every_text():
    table = TextTable(
        columns={"axis": "Row <i>", "level": "Level"},
        lines=[
            {"axis": "<script>alert(1)</script>", "level": "**Developing**"},
            {"axis": "Plans & goals", "level": 2.0},
        ],
    )
    made = chart_table_html(table)
    assert made.startswith(f'<table class="chart-table"><caption>{CHART_TABLE}</caption>')
    assert '<th scope="col">Row &lt;i&gt;</th><th scope="col">Level</th>' in made
    assert '<th scope="row">&lt;script&gt;alert(1)&lt;/script&gt;</th><td>**Developing**</td>' in made
    assert '<th scope="row">Plans &amp; goals</th><td>2</td>' in made
    assert "<script>" not in made
