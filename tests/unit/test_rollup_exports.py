"""The district view's downloads, parsed back: the Excel workbook and the PDF."""

from __future__ import annotations

import datetime
import io

import openpyxl
from pypdf import PdfReader
from test_rollup import info, snap

from sipr_core import Rating, index_ratings
from sipr_core.exports.rollup import rollup_file_name, rollup_pdf, rollup_xlsx
from sipr_core.rollup import DistrictView, rollup
from sipr_core.rubric import DEFAULT_DIMENSION as D
from sipr_core.targets import TargetSet


def view_of(rubric, district, snapshots, start=None, end=None):
    own = info("", datetime.date(2026, 11, 23), team="District CI team", code="7KQ-M2X-9RD")
    return DistrictView(own, rubric, [s.info for s in snapshots], start, end, rollup(rubric, district, snapshots))


def sheet_values(book, title):
    return [list(row) for row in book[title].iter_rows(values_only=True)]


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def test_the_workbook_has_a_sheet_per_table_and_a_coloured_heatmap(collaboration):
    view = view_of(
        collaboration,
        index_ratings([Rating("vision", D, "developing")]),
        [
            snap(collaboration, "Adams", Rating("vision", D, "evolving"), targets=TargetSet({("vision", D): "accomplished"})),
            snap(collaboration, "Baker", Rating("vision", D, not_applicable=True)),
        ],
        datetime.date(2026, 9, 1),
        datetime.date(2027, 6, 30),
    )
    book = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(view)))
    assert book.sheetnames == [
        "District view", "District and schools", "Furthest from target", "Levels per row", "Heatmap", "Schools",
    ]
    assert sheet_values(book, "District view")[4] == ["Dates", "sessions held from 01 September 2026 to 30 June 2027"]
    assert sheet_values(book, "District and schools")[1] == [
        "Vision & mission", "Developing", "Evolving", "1 of 1 (100 %)", "all Evolving", 1,
    ]
    assert sheet_values(book, "Furthest from target")[1:] == [
        ["Adams", "2026-10-01", 1, 1, "0 of 1 met"],
        ["Baker", "2026-10-01", None, None, "No targets set"],
    ]
    heatmap = book["Heatmap"]
    assert [c.value for c in heatmap[2]][:3] == ["Adams", "Evolving", "Not rated"]
    assert [c.value for c in heatmap[3]][:2] == ["Baker", "Not applicable"]
    assert heatmap["B2"].fill.fgColor.rgb == "0035B779"  # viridis, third of four levels
    assert heatmap["C2"].fill.fgColor.rgb == "00B3B3B3"  # not rated: grey
    assert sheet_values(book, "Levels per row")[1] == ["Vision & mission", 0, 0, 1, 0, 0, 1]


def test_sipr_gets_levels_and_a_heatmap_sheet_per_dimension(sipr):
    view = view_of(sipr, {}, [snap(sipr, "Adams", Rating("1.1", "scale", "emerging"))])
    book = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(view)))
    assert book.sheetnames == [
        "District view", "District and schools", "Scale across schools", "Furthest from target",
        "Levels per row Implementation", "Heatmap Implementation", "Levels per row Scale", "Heatmap Scale", "Schools",
    ]
    assert sheet_values(book, "Heatmap Scale")[1][:2] == ["Adams", "Emerging"]
    reach = sheet_values(book, "Scale across schools")
    assert reach[0][2:] == [
        "Schools whose own Scale meets it", "District: Scale", "District says it holds", "Acceptable Scale criterion",
    ]
    assert reach[1][2:] == ["0 of 1 (0 %)", "Not rated", "—", sipr.row("1.1").cells()["scale"].criteria[0]]


def test_text_a_spreadsheet_would_run_is_stored_as_text(collaboration):
    view = view_of(collaboration, {}, [snap(collaboration, "=HYPERLINK(\"http://x\",\"y\")")])
    book = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(view)))
    for title in ("Heatmap", "Schools", "Furthest from target"):
        cell = book[title]["A2"]
        assert cell.value == "'=HYPERLINK(\"http://x\",\"y\")" and cell.data_type == "s"


def test_an_empty_view_says_no_session_was_held_in_the_dates(collaboration):
    view = view_of(collaboration, {}, [], datetime.date(2030, 1, 1), None)
    book = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(view)))
    assert sheet_values(book, "Heatmap")[1] == ["No building team's session was held in these dates."] + [None] * 6
    assert "No building team's session was held in these dates." in pdf_text(rollup_pdf(view))


def test_the_pdf_holds_every_section_with_the_text_as_typed(sipr):
    view = view_of(
        sipr,
        index_ratings([Rating("1.1", "implementation", "approaching"), Rating("1.1", "scale", "emerging")]),
        [
            snap(sipr, "Adams & <Sons>", Rating("1.1", "implementation", "acceptable")),
            snap(sipr, "Baker", Rating("1.1", "implementation", "emerging"),
                 targets=TargetSet({("1.1", "implementation"): "acceptable"})),
        ],
    )
    data = rollup_pdf(view)
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "District view: SIPR Practice Profile, Riverside Schools"
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    text = pdf_text(data)
    for expected in [
        "District view",
        "The district beside its schools",
        "Schools furthest from their targets",
        "Levels per row: Implementation",
        "Heatmap: Scale",
        "Schools and their sessions",
        "Adams & <Sons>",
        "Emerging to Acceptable (2 levels apart)",
        "1 of 2 (50 %)",
        "No targets set",
        "1 Not yet · 2 Emerging · 3 Approaching · 4 Acceptable · × not in this edition · n/a not applicable · – not rated",
    ]:
        assert expected in text, expected


def test_the_file_name_says_what_it_is_and_is_safe_anywhere(collaboration):
    view = view_of(collaboration, {}, [])
    assert rollup_file_name(view, "pdf") == (
        "2026-11-23 Riverside Schools - District view - any - 7KQ-M2X-9RD.pdf"
    )


def test_the_downloads_name_a_school_not_started_apart_from_one_not_rated(leadership):
    view = view_of(leadership, {}, [snap(leadership, "Adams", Rating("1", D, "not-started")), snap(leadership, "Baker")])
    book = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(view)))
    heat = sheet_values(book, "Heatmap")
    assert [line[1] for line in heat[1:3]] == ["Not started", "Not rated"]
    levels = sheet_values(book, "Levels per row")
    assert levels[0][1:3] == ["Not started", "Getting Started"] and levels[1][1] == 1
    text = pdf_text(rollup_pdf(view))
    assert "0 Not started · 1 Getting Started" in text


def test_the_pdf_of_a_sipr_view_has_the_scale_across_schools(sipr):
    view = view_of(sipr, {}, [snap(sipr, "Adams", Rating("1.1", "scale", "acceptable"))])
    text = pdf_text(rollup_pdf(view))
    assert "Scale across schools" in text
    assert "1 of 1 (100 %)" in text


def test_a_continuum_without_scale_has_no_scale_sheet(collaboration):
    view = view_of(collaboration, {}, [snap(collaboration, "Adams")])
    book = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(view)))
    assert "Scale across schools" not in book.sheetnames


def test_the_downloads_carry_the_building_teams_action_plans(collaboration):
    from sipr_core.actions import ActionItem, ActionStatus
    from sipr_core.district_plans import SchoolPlan

    adams = snap(collaboration, "Adams", Rating("vision", D, "evolving"))
    plans = [
        SchoolPlan(adams.info, collaboration, [ActionItem("a", "Share the vision", ("vision",), "Lee", None, ActionStatus.DONE)],
                   {("vision", D): "Staff survey"}),
    ]
    view = view_of(collaboration, {}, [adams])
    book = openpyxl.load_workbook(io.BytesIO(rollup_xlsx(view, plans)))
    assert book.sheetnames[-1] == "Action plans"
    lines = sheet_values(book, "Action plans")
    assert lines[0][:3] == ["School", "What we will do", "Status"]
    assert lines[0][-3:] == ["Evidence on those elements", "Session of", "Join code"]
    assert lines[1][:7] == ["Adams", "Share the vision", "Done", "Vision & mission", "Lee", None, "Vision & mission: Staff survey"]
    text = pdf_text(rollup_pdf(view, plans))
    assert "Building teams' action plans" in text and "Share the vision" in text
    assert "Building teams' action plans" not in pdf_text(rollup_pdf(view))
