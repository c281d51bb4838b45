"""A join code opens one session: with it, nobody reads the join codes of the team's other sessions or
of the building sessions a district team gathers. Only the facilitator's pages and downloads name them.
"""

from __future__ import annotations

import datetime
import io

import pytest
from app_support import new_session, open_page
from openpyxl import load_workbook
from pypdf import PdfReader

from sipr_core import exports, rollup_pdf, rollup_xlsx
from sipr_core.exports import images

D = "rating"


@pytest.fixture
def district(data_dir, app_store, collaboration, monkeypatch):
    """A district team's session with two building sessions linked, one a follow-up: (store, code, key, codes)."""
    monkeypatch.setenv(images.CHARTS_ENV, "off")
    code, key = new_session(app_store, collaboration)
    first, school_key = new_session(
        app_store, collaboration, school="Lincoln Elementary", team="Building team", held_on=datetime.date(2026, 3, 1)
    )
    later, _ = new_session(
        app_store, collaboration, school="Lincoln Elementary", team="Building team", key=school_key, follow_up_of=first
    )
    for building in (first, later):
        app_store.entries.set(building, school_key, "vision", D, actor="Pat", level="evolving")
    app_store.district.link_schools(code, key, f"{first}\n{later}", actor="Ana")
    return app_store, code, key, [first, later]


def workbook_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for sheet in book for line in sheet.iter_rows() for c in line)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_district_views_downloads_name_building_codes_for_the_facilitator_only(district):
    store, code, key, buildings = district
    viewer = store.district.view(code)
    facilitator = store.district.view(code, key=key)
    for made in (workbook_text(rollup_xlsx(viewer)), pdf_text(rollup_pdf(viewer))):
        assert not any(b in made for b in buildings)
    assert all(b in workbook_text(rollup_xlsx(facilitator)) for b in buildings)


def test_the_district_views_action_plans_name_building_codes_for_the_facilitator_only(district, collaboration):
    store, code, key, buildings = district
    later, later_key = new_session(store, collaboration, school="Adams Middle", team="Building team")
    store.district.link_schools(code, key, later, actor="Ana")
    buildings = [*buildings, later]
    store.actions.add(later, later_key, actor="Pat", what="Share the plan", row_ids=["vision"])
    viewer = store.district.view(code)
    plans = store.district.plans(code)
    assert [i.what for p in plans for i in p.items] == ["Share the plan"]
    for made in (workbook_text(rollup_xlsx(viewer, plans)), pdf_text(rollup_pdf(viewer, plans))):
        assert "Share the plan" in made
        assert not any(b in made for b in buildings)
    held = store.district.plans(code, key=key)
    assert later in workbook_text(rollup_xlsx(store.district.view(code, key=key), held))


def test_the_district_view_page_names_no_building_code_without_the_key(district):
    store, code, key, buildings = district
    at = open_page("pages/district_view.py", code)
    assert not at.exception
    shown = [d.value.to_csv() for d in at.dataframe] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not any(b in text for b in buildings for text in shown)
    with_key = open_page("pages/district_view.py", code, key)
    assert any(buildings[1] in d.value.to_csv() for d in with_key.dataframe)


def test_progress_names_the_series_other_sessions_by_date_only_without_the_key(district):
    store, _, _, buildings = district
    at = open_page("pages/progress.py", buildings[1])
    assert not at.exception
    options = [o for box in at.selectbox for o in box.options]
    assert "01 Mar 2026" in options and not any(buildings[0] in o for o in options)


def test_a_viewers_workbook_does_not_name_the_previous_session(district):
    store, _, _, buildings = district
    assert buildings[0] not in workbook_text(exports.report(store, buildings[1], "xlsx"))
