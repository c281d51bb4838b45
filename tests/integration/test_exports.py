"""Every export of a session, parsed back and checked: PDF, HTML, Excel, CSV, JSON and the command line."""

from __future__ import annotations

import datetime
import io
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pypdfium2
import pytest
from pypdf import PdfReader
from store_support import make_session

from sipr_core import AccessDenied, Store, exports
from sipr_core.exports import images
from sipr_core.exports.csv import COLUMNS
from sipr_core.exports.summary_model import NOTHING_RATED
from sipr_core.session_file import VERSION

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = '<script>alert("x")</script>'
MARKUP = "<b>bold</b> & <i>x</i>"
FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]
HAS_BROWSER = images.find_browser() is not None
needs_browser = pytest.mark.skipif(not HAS_BROWSER, reason="no Chromium: apt-get install chromium")


@pytest.fixture
def sqlite_store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'sipr.db'}")
    yield s
    s.close()



@pytest.fixture
def rich(sqlite_store, collaboration):
    """A follow-up session with ratings, injected text, votes two levels apart, action items and a reflection."""
    store = sqlite_store
    before, key = make_session(store, collaboration, held_on=datetime.date(2026, 9, 14))
    store.entries.set(before.code, key, "vision", "rating", actor="Ana", level="beginning")
    info, key = make_session(store, collaboration, key=key, follow_up_of=before.code)
    code = info.code
    store.entries.set(
        code,
        key,
        "vision",
        "rating",
        actor="Ana",
        level="evolving",
        evidence=f"{SCRIPT} {MARKUP}",
        next_steps=FORMULAS[0],
    )
    store.entries.set(
        code,
        key,
        "policies",
        "rating",
        actor="Ana",
        level="developing",
        evidence="Plan « v2 » ✓ naïve, Ελληνικά",
        next_steps="Share the plan",
    )
    store.entries.set(code, key, "routines", "rating", actor="Ana", not_applicable=True)
    people = [store.voting.join(code, name) for name in ("Ben", "Cy", "Dee")]
    store.voting.open_round(code, key, [("vision", "rating")], actor="Ana")
    for person, level in zip(people, ["beginning", "evolving", None], strict=True):
        store.voting.cast(code, person.id, "vision", "rating", level)
    store.voting.reveal(code, key)  # a summary shows the votes of revealed rounds only
    # tab and carriage return lead evidence (an action's "what" is trimmed like a title)
    store.entries.set(code, key, "planning", "rating", actor="Ana", evidence=FORMULAS[4])
    store.entries.set(code, key, "decisions", "rating", actor="Ana", evidence=FORMULAS[5])
    for i, what in enumerate(FORMULAS[:4]):
        store.actions.add(
            code,
            key,
            actor="Ana",
            what=what,
            owner="@owner" if i == 0 else "Ben",
            row_ids=["vision"],
            due="2026-12-01",
            status="in_progress" if i == 0 else "not_started",
        )
    store.actions.add(code, key, actor="Ana", what=MARKUP, row_ids=["policies", "decisions"])
    store.entries.set_reflection(code, key, "", "What surprised us?", "=1+1 and <b>", actor="Ana")
    return store, code, key


@pytest.fixture
def empty(sqlite_store, leadership):
    info, key = make_session(sqlite_store, leadership, team="Empty team")
    return sqlite_store, info.code, key


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


# --- PDF ------------------------------------------------------------------------------------------


@pytest.fixture
def no_charts(monkeypatch):
    monkeypatch.setenv(images.CHARTS_ENV, "off")


def test_the_pdf_holds_the_cover_every_row_the_votes_the_plan_and_the_change(rich, no_charts, collaboration):
    store, code, key = rich
    text = flat(pdf_text(exports.report(store, code, "pdf")))
    for expected in [
        "Session summary",
        collaboration.title,
        "Source: District-Led Continuous Improvement",
        "District Riverside Schools",
        "Team District CI team",
        "Date 23 November 2026",
        "Facilitator Ana Ruiz",
        "Participants Ben, Cy, Dee",
        f"Join code {code}",
        "3 of 6 elements rated.",
        "Element: Vision, mission, and beliefs",
        "Level Evolving",
        "This level says District vision, mission, and beliefs are visible",
        f"Evidence {SCRIPT} {MARKUP}",
        f"Next steps {FORMULAS[0]}",
        "Plan « v2 » ✓ naïve, Ελληνικά",
        "2 votes, 1 abstained: Beginning (Individualistic) 1, Evolving 1.",
        "Spread: 2 levels apart. FLAGGED FOR DISCUSSION.",
        "Level Not applicable",
        "Elements flagged for discussion",
        "Action plan",
        "Change since the previous session",
        "The previous session of this series was held on 14 September 2026.",
        "What surprised us?",
        "=1+1 and <b>",
    ]:
        assert expected in text, expected
    for row in collaboration.rows():
        assert f"Element: {row[1].title}" in text


def test_the_pdf_keeps_every_revealed_rounds_votes_and_prints_each_practice_sentence_once(
    sqlite_store, leadership, no_charts
):
    store = sqlite_store
    info, key = make_session(store, leadership)
    code, cell = info.code, ("3a", "rating")
    ana, ben = (store.voting.join(code, name).id for name in ("Ana", "Ben"))
    store.voting.open_round(code, key, [cell], actor="F")
    store.voting.cast(code, ana, *cell, "getting-started")
    store.voting.cast(code, ben, *cell, "keep-improving")
    store.voting.reveal(code, key)
    store.voting.open_round(code, key, [cell], actor="F")
    store.voting.cast(code, ana, *cell, "getting-better")  # Ben keeps his round-1 vote and votes no more
    store.voting.reveal(code, key)
    text = flat(pdf_text(exports.report(store, code, "pdf")))
    assert "Votes, round 1 2 votes: Getting Started 1, Keep Improving 1." in text
    assert "Votes, round 2 1 vote: Getting Better 1." in text
    practice = " ".join(leadership.row("3a").title.split())
    assert text.count(practice) == 1
    assert "Progress indicator 3a Level Not rated" in text
    assert "Progress indicator 3b" in text


@pytest.fixture
def no_browser(monkeypatch):
    """No Chrome or Chromium to be found; the renderer starts afresh before and after."""
    monkeypatch.delenv(images.CHARTS_ENV, raising=False)
    monkeypatch.setattr(images, "find_browser", lambda: None)
    images.close_renderer()
    yield
    images.close_renderer()


def test_the_pdf_without_a_browser_shows_the_charts_values_as_a_table_and_says_why(rich, no_browser):
    store, code, _ = rich
    text = flat(pdf_text(exports.report(store, code, "pdf")))
    assert (
        "The chart is shown as a table because no Chrome or Chromium browser is installed on this computer "
        "to draw it (on Debian or Ubuntu: apt-get install chromium)."
    ) in text
    assert "Element Rating Rating, previous session" in text
    assert "Vision & mission Evolving Beginning (Individualistic)" in text


def test_a_browser_that_would_not_start_is_not_tried_again_for_every_pdf(rich, no_browser, monkeypatch):
    store, code, _ = rich
    exports.report(store, code, "pdf")
    tried = []
    monkeypatch.setattr(images, "find_browser", lambda: tried.append(1) or "/usr/bin/chromium")
    text = flat(pdf_text(exports.report(store, code, "pdf")))
    assert "because no Chrome or Chromium browser is installed" in text
    assert tried == []


def test_charts_switched_off_say_so_in_the_pdf(rich, no_charts):
    store, code, _ = rich
    text = flat(pdf_text(exports.report(store, code, "pdf")))
    assert (
        "The chart is shown as a table because charts in PDFs are switched off on this server "
        "(SIPR_PDF_CHARTS=off)." in text
    )


def page_images(data: bytes):
    document = pypdfium2.PdfDocument(data)
    return [document[i].render(scale=0.5).to_pil().convert("L") for i in range(len(document))]


def ink(image) -> float:
    """The share of pixels that are not paper-white."""
    histogram = image.histogram()
    return 1 - sum(histogram[240:]) / sum(histogram)


@needs_browser
def test_the_pdf_pages_render_and_none_is_blank_and_the_chart_is_an_image(rich, monkeypatch):
    store, code, _ = rich
    monkeypatch.delenv(images.CHARTS_ENV, raising=False)
    data = exports.report(store, code, "pdf")
    text = flat(pdf_text(data))
    assert "The chart is shown as a table" not in text
    assert "Grey dotted line: the previous session of this series." in text
    pages = page_images(data)
    assert len(pages) >= 3
    assert all(ink(page) > 0.01 for page in pages)
    first = PdfReader(io.BytesIO(data)).pages[0]
    assert len(first.images) == 1
    chart = first.images[0].image
    assert chart.width >= 1000 and chart.height >= 700


def test_the_pdf_is_readable_in_black_and_white(rich, no_charts):
    """Grey ink only: nothing in the text or tables depends on colour."""
    store, code, _ = rich
    for page in page_images(exports.report(store, code, "pdf")):
        assert ink(page) > 0.01
    colour = (
        pypdfium2.PdfDocument(exports.report(store, code, "pdf"))[0].render(scale=0.5).to_pil().convert("RGB")
    )
    assert all(abs(r - g) < 12 and abs(g - b) < 12 for r, g, b in colour.get_flattened_data())


def test_an_empty_session_gives_a_pdf_that_says_nothing_is_rated_yet(empty, no_charts):
    store, code, _ = empty
    text = flat(pdf_text(exports.report(store, code, "pdf")))
    assert NOTHING_RATED in text
    assert "No action items yet." in text
    assert "No individual votes were taken." in text
    assert (
        "This is the first session of this team on this continuum: there is nothing to compare with." in text
    )


# --- HTML ---------------------------------------------------------------------------------------


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False if tag == "script" else self._in_script

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def parsed(data: bytes) -> Page:
    page = Page()
    page.feed(data.decode("utf-8"))
    return page


def test_the_html_report_is_one_offline_file_with_the_chart_inline(rich):
    store, code, _ = rich
    page = parsed(exports.report(store, code, "html"))
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert scripts == [{}, {}]
    assert not [a for _, a in page.tags for name in ("src", "href") if name in a]
    assert [tag for tag, _ in page.tags if tag in ("link", "iframe", "img", "object", "embed")] == []
    assert len(page.scripts[0]) > 1_000_000 and "plotly" in page.scripts[0][:2000].lower()
    assert "Plotly.newPlot('radar'" in page.scripts[1]
    assert (
        '"theta":["Vision \\u0026amp;\\u003cbr\\u003emission"' in page.scripts[1]
        or "Vision" in page.scripts[1]
    )


def test_the_html_report_shows_user_text_literally_and_never_as_markup(rich, collaboration):
    store, code, _ = rich
    data = exports.report(store, code, "html")
    page = parsed(data)
    text = flat(" ".join(page.text))
    assert f"{SCRIPT} {MARKUP}" in text
    assert "=1+1 and <b>" in text
    assert [tag for tag, _ in page.tags if tag in ("b", "i")] == []
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in data.decode()
    for expected in [
        collaboration.title,
        "3 of 6 elements rated.",
        "Elements flagged for discussion",
        "Action plan",
        "Change since the previous session",
        "Plan « v2 » ✓ naïve, Ελληνικά",
    ]:
        assert expected in text


def test_text_in_the_chart_cannot_close_its_script(sqlite_store, collaboration):
    info, key = make_session(sqlite_store, collaboration)
    summary = exports.summary_of(sqlite_store, info.code)
    summary.figure.update_layout(title={"text": "</script><script>alert(1)</script>"})
    html = exports.summary_html(summary)
    assert "</script><script>alert(1)" not in html
    assert "\\u003cscript\\u003ealert(1)" in html


def test_an_empty_session_gives_an_html_report_that_says_nothing_is_rated_yet(empty):
    store, code, _ = empty
    assert NOTHING_RATED in " ".join(parsed(exports.report(store, code, "html")).text)


# --- Excel ----------------------------------------------------------------------------------------


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_the_workbook_has_four_sheets_with_frozen_bold_headers_and_widths(rich):
    store, code, _ = rich
    book = workbook(exports.report(store, code, "xlsx"))
    assert book.sheetnames == ["Summary", "Ratings", "Votes", "Comments", "Action plan"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.column_dimensions["A"].width >= 20
    ratings = book["Ratings"]
    assert [c.value for c in ratings[1]] == [
        "Continuum",
        "Element",
        "Dimension",
        "Level",
        "Level position",
        "Target",
        "Status",
        "This level says",
        "Criteria",
        "Evidence",
        "Next steps",
    ]
    assert ratings.max_row == 1 + 6
    vision = [c.value for c in ratings[2]]
    assert vision[1:7] == ["Vision, mission, and beliefs", None, "Evolving", 3, None, "rated"]
    assert vision[9] == f"{SCRIPT} {MARKUP}"
    votes = book["Votes"]
    assert [c.value for c in votes[1]][:9] == [
        "Continuum",
        "Element",
        "Dimension",
        "Votes",
        "Beginning (Individualistic)",
        "Developing",
        "Evolving",
        "Accomplished (Collaborative)",
        "Abstentions",
    ]
    assert [c.value for c in votes[2]][3:9] == [2, 1, 0, 1, 0, 1]
    assert [c.value for c in votes[2]][-3:] == [2, "yes", "yes"]  # spread, flagged, revealed
    plan = book["Action plan"]
    assert [c.value for c in plan[1]] == ["What", "Element(s)", "Owner", "Due", "Status"]
    assert plan.max_row == 1 + 4 + 1
    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=2)}
    assert summary["District"] == "Riverside Schools"
    assert summary["Mean level: All elements"] == "2.5 of 4"
    assert summary["Elements flagged for discussion"] == 1
    assert summary["Previous session"] == "2026-09-14"


def test_no_workbook_cell_is_a_formula_and_formula_text_keeps_a_leading_apostrophe(rich):
    store, code, _ = rich
    book = workbook(exports.report(store, code, "xlsx"))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))]
    plan = [row[0].value for row in book["Action plan"].iter_rows(min_row=2)]
    assert plan == ["'" + f for f in FORMULAS[:4]] + [MARKUP]
    evidence = [row[9].value for row in book["Ratings"].iter_rows(min_row=2)]
    assert evidence[4:] == ["'\tTAB", "'\nCR"]  # XML reads a lone carriage return as a line feed
    assert book["Action plan"]["C2"].value == "'@owner"


def test_an_empty_session_gives_a_workbook_that_says_nothing_is_rated_yet(empty):
    store, code, _ = empty
    book = workbook(exports.report(store, code, "xlsx"))
    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=2)}
    assert summary["Progress"] == NOTHING_RATED
    assert book["Votes"]["A2"].value == "No individual votes were taken."
    assert book["Action plan"]["A2"].value == "No action items yet."


# --- CSV ------------------------------------------------------------------------------------------


def frame(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_the_csv_is_tidy_one_line_per_session_row_and_dimension(rich, sqlite_store, sipr):
    store, code, _ = rich
    lines = frame(exports.report(store, code, "csv"))
    assert list(lines.columns) == COLUMNS
    assert len(lines) == 6
    vision = lines.iloc[0]
    assert (vision["session_code"], vision["row_id"], vision["level_id"], vision["level_position"]) == (
        code,
        "vision",
        "evolving",
        "3",
    )
    assert (
        vision["votes"],
        vision["abstentions"],
        vision["vote_spread"],
        vision["flagged_for_discussion"],
    ) == ("2", "1", "2", "yes")
    assert vision["evidence"] == f"{SCRIPT} {MARKUP}"
    assert lines.iloc[1]["evidence"] == "Plan « v2 » ✓ naïve, Ελληνικά"
    assert list(lines["status"]) == [
        "rated",
        "rated",
        "not_applicable",
        "not_rated",
        "not_rated",
        "not_rated",
    ]
    info, _ = make_session(sqlite_store, sipr)
    assert len(frame(exports.report(sqlite_store, info.code, "csv"))) == 18 * 2


def test_formula_text_in_the_csv_keeps_a_leading_apostrophe(rich):
    store, code, _ = rich
    lines = frame(exports.report(store, code, "csv"))
    assert lines.iloc[0]["next_steps"] == "'" + FORMULAS[0]
    cells = [v for column in lines.columns for v in lines[column]]
    assert not [v for v in cells if v.startswith(("=", "+", "@", "\t", "\r")) or v.startswith("-")]


def test_several_sessions_stack_into_one_csv(rich):
    store, code, _ = rich
    series = [exports.summary_of(store, info.code) for info in store.sessions.series(code)]
    lines = frame(exports.summary_csv(series))
    assert len(lines) == 12
    assert list(lines["held_on"].unique()) == ["2026-09-14", "2026-11-23"]


def test_an_empty_sessions_csv_lists_every_row_as_not_rated(empty, leadership):
    store, code, _ = empty
    lines = frame(exports.report(store, code, "csv"))
    assert len(lines) == leadership.row_count()
    assert set(lines["status"]) == {"not_rated"} and set(lines["level"]) == {"Not rated"}


# --- JSON -----------------------------------------------------------------------------------------


def test_the_json_file_with_its_action_plan_imports_back_identically(rich, tmp_path):
    store, code, key = rich
    exported = exports.report(store, code, "json", key).decode("utf-8")
    document = json.loads(exported)
    assert document["version"] == VERSION
    assert [a["what"] for a in document["action_items"]] == [*FORMULAS[:4], MARKUP]
    other = Store(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        other.transfer.import_session(exported, key).info
        assert other.transfer.export_json(code, key) == exported
        assert other.actions.items(code) == store.actions.items(code)
    finally:
        other.close()


def test_the_json_file_needs_the_key_in_the_app(rich):
    store, code, _ = rich
    with pytest.raises(AccessDenied) as error:
        exports.report(store, code, "json")
    assert str(error.value) == "The session file (JSON) needs the facilitator key."


def test_a_wrong_key_is_refused_for_every_format(rich):
    store, code, _ = rich
    with pytest.raises(AccessDenied) as error:
        exports.report(store, code, "csv", "not the key")
    assert str(error.value) == f"That key does not open session {code}: check it and try again."


def test_an_unknown_format_is_named(rich):
    store, code, _ = rich
    with pytest.raises(exports.UnknownFormat) as error:
        exports.report(store, code, "docx")
    assert str(error.value) == "No such format: docx (formats: pdf, html, xlsx, csv, json)"


def test_file_names_carry_the_date_team_continuum_and_code_and_nothing_unsafe(sqlite_store, collaboration):
    info, _ = make_session(
        sqlite_store,
        collaboration,
        district="../etc/Riverside: North",
        school="St. Mary's",
        team='Team "A" / B',
    )
    name = exports.file_name(info, "pdf")
    expected = (
        f"2026-11-23 etc_Riverside_ North - St. Mary's - Team _A_ _ B - micip-collaboration - {info.code}.pdf"
    )
    assert name == expected
    assert "/" not in name and ":" not in name


# --- the command line -----------------------------------------------------------------------------


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "SIPR_DATA_DIR": str(data_dir),
        "PATH": "/usr/bin:/bin",
        images.CHARTS_ENV: "off",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "sipr_core", "report", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture
def data_dir(tmp_path, collaboration):
    """A data folder with a series of two sessions and another team's session: (folder, codes, key)."""
    store = Store(f"sqlite:///{tmp_path / 'sipr.db'}")
    first, key = make_session(store, collaboration, held_on=datetime.date(2026, 9, 14))
    second, _ = make_session(store, collaboration, key=key, follow_up_of=first.code)
    other, _ = make_session(store, collaboration, team="Another team", district=" riverside  schools")
    elsewhere, _ = make_session(store, collaboration, district="Lakeside")
    store.entries.set(second.code, key, "vision", "rating", actor="Ana", level="evolving", next_steps="=1+1")
    store.close()
    return tmp_path, [first.code, second.code, other.code, elsewhere.code], key


@pytest.mark.parametrize("name", ["pdf", "html", "xlsx", "csv", "json"])
def test_report_writes_one_sessions_file_in_each_format(data_dir, tmp_path, name):
    folder, codes, _ = data_dir
    target = tmp_path / f"out.{name}"
    done = cli(folder, codes[1], "--format", name, "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Wrote {target} (")
    data = target.read_bytes()
    checks = {
        "pdf": lambda: "Vision, mission, and beliefs" in pdf_text(data),
        "html": lambda: "Vision, mission, and beliefs" in data.decode(),
        "xlsx": lambda: workbook(data)["Ratings"]["D2"].value == "Evolving",
        "csv": lambda: frame(data).iloc[0]["next_steps"] == "'=1+1",
        "json": lambda: json.loads(data)["session"]["code"] == codes[1],
    }
    assert checks[name]()


def test_report_with_the_right_key_writes_and_with_a_wrong_key_fails(data_dir, tmp_path):
    folder, codes, key = data_dir
    assert (
        cli(folder, codes[1], "--format", "json", "-o", str(tmp_path / "a.json"), "--key", key).returncode
        == 0
    )
    done = cli(folder, codes[1], "--format", "json", "-o", str(tmp_path / "b.json"), "--key", "nope")
    assert done.returncode == 1
    assert done.stderr == f"error: That key does not open session {codes[1]}: check it and try again.\n"
    assert not (tmp_path / "b.json").exists()


@pytest.mark.parametrize("form", ["--key {key}", "--key={key}"])
def test_a_key_that_starts_with_a_dash_is_accepted_after_key_with_a_space_or_an_equals_sign(
    data_dir, tmp_path, collaboration, form
):
    """A facilitator key is URL-safe base64: about one in 32 starts with "-", which argparse took for an option."""
    folder, _, _ = data_dir
    store = Store(f"sqlite:///{folder / 'sipr.db'}")
    info, key = make_session(store, collaboration, key="-Dk3xQ9-vT2m7-Lp4Rw8-Hs6Yc1-Zn5")
    store.close()
    target = tmp_path / "dash.json"
    done = cli(folder, info.code, "--format", "json", "-o", str(target), *form.format(key=key).split(" "))
    assert (done.returncode, done.stderr) == (0, "")
    assert target.exists()


def test_report_of_an_unknown_session_fails_with_a_plain_message(data_dir, tmp_path):
    folder, _, _ = data_dir
    done = cli(folder, "ZZZ-ZZZ-ZZZ", "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 1
    assert (
        done.stderr == "error: No such session: ZZZ-ZZZ-ZZZ. Check the code on the projector and try again.\n"
    )
    assert "Traceback" not in done.stderr


def test_report_series_writes_one_file_per_session_into_a_folder(data_dir, tmp_path):
    folder, codes, _ = data_dir
    out = tmp_path / "series"
    done = cli(folder, codes[0], "--series", "--format", "csv", "-o", str(out))
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == [
        f"2026-09-14 Riverside Schools - District CI team - micip-collaboration - {codes[0]}.csv",
        f"2026-11-23 Riverside Schools - District CI team - micip-collaboration - {codes[1]}.csv",
    ]
    assert (
        done.stdout.splitlines()[0] == f"[1/2] 2026-09-14 Riverside Schools · District CI team ({codes[0]})"
    )
    assert done.stdout.splitlines()[-1] == f"Wrote 2 of 2 files into {out}."


def test_report_district_writes_every_session_of_the_district_whatever_its_spelling(data_dir, tmp_path):
    folder, codes, _ = data_dir
    out = tmp_path / "district"
    done = cli(folder, "--district", "RIVERSIDE schools", "--format", "xlsx", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name.rsplit(" - ", 1)[1] for p in out.iterdir()) == sorted(f"{c}.xlsx" for c in codes[:3])


def test_report_of_a_district_without_sessions_fails(data_dir, tmp_path):
    folder, _, _ = data_dir
    done = cli(folder, "--district", "Nowhere", "-o", str(tmp_path / "x"))
    assert done.returncode == 1
    assert done.stderr.startswith("error: No sessions of the district 'Nowhere' in sqlite:///")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "error: name a session by its join code, or a district with --district NAME.\n"),
        (
            ["AAA-BBB-CCC", "--district", "X"],
            "error: give either a session's join code or --district NAME, not both.\n",
        ),
    ],
)
def test_report_without_a_session_or_with_both_kinds_fails_plainly(data_dir, tmp_path, args, message):
    folder, _, _ = data_dir
    done = cli(folder, *args, "-o", str(tmp_path / "x"))
    assert (done.returncode, done.stderr) == (1, message)


def test_report_into_a_folder_that_cannot_be_written_fails_plainly(data_dir, tmp_path):
    folder, codes, _ = data_dir
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    done = cli(folder, codes[1], "--format", "csv", "-o", str(blocker / "x.csv"))
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: Cannot write {blocker / 'x.csv'}: ")


# --- Maintaining Balance templates in the summaries -----------------------------------------------------


@pytest.fixture
def balance_district(sqlite_store, library):
    balance = library.get("micip-maintaining-balance")
    store = sqlite_store
    district, key = make_session(store, balance)
    store.entries.set(district.code, key, "team", "district", actor="Ana", level="needs-strengthening")
    lincoln, lincoln_key = make_session(
        store,
        balance,
        school="Lincoln Elementary",
        team="<b>Building</b> team",
        held_on=datetime.date(2026, 11, 2),
    )
    store.entries.set(lincoln.code, lincoln_key, "team", "building", actor="Pat", level="in-place")
    store.actions.add(
        lincoln.code, lincoln_key, actor="Pat", what="=Name the team", row_ids=["team"], owner="Principal"
    )
    store.templates.link(district.code, key, lincoln.code, actor="Ana")
    return store, district.code, lincoln.code


def test_a_building_teams_pdf_and_html_carry_its_action_planning_template(balance_district, no_charts):
    store, _, lincoln = balance_district
    text = flat(pdf_text(exports.report(store, lincoln, "pdf")))
    assert "Building action-planning template" in text
    assert (
        "Team process and membership In place Not rated Not rated =Name the team (Principal, Not started)"
        in text
    )
    assert "Building team: 1 In place · 5 Not rated" in text
    page = flat(" ".join(parsed(exports.report(store, lincoln, "html")).text))
    assert "Building action-planning template" in page and "=Name the team (Principal, Not started)" in page


def test_a_district_teams_summary_puts_its_building_teams_templates_side_by_side(balance_district, no_charts):
    store, district, _ = balance_district
    text = flat(pdf_text(exports.report(store, district, "pdf")))
    assert "Building teams' templates, side by side" in text
    assert "Function District team Lincoln Elementary" in text
    assert ("Team process and membership District team: Needs strengthening Building team: In place") in text
    assert (
        "Lincoln Elementary · <b>Building</b> team, 02 Nov 2026: Building team: 1 In place · 5 Not rated"
        in text
    )
    page = parsed(exports.report(store, district, "html"))
    assert [tag for tag, _ in page.tags if tag == "b"] == []
    assert "Building teams' templates, side by side" in " ".join(page.text)


def test_other_continua_have_no_template_section(rich, no_charts):
    store, code, _ = rich
    assert "action-planning template" not in pdf_text(exports.report(store, code, "pdf"))


def test_every_summary_shows_the_series_targets_beside_the_levels(store, collaboration):
    from sipr_core.targets import ROW

    info, key = store.sessions.create(collaboration, district="Riverside", team="CI", facilitator="Ana",
                                     held_on=datetime.date(2026, 11, 23))
    store.entries.set(info.code, key, "vision", "rating", level="developing", actor="Ana")
    store.targets.set(info.code, key, ROW, "vision", "rating", "accomplished", actor="Ana")
    summary = exports.summary_of(store, info.code)
    vision = next(c for g, r, c in summary.cells() if r.id == "vision")
    assert vision.target == "Accomplished (Collaborative): 2 levels to go"
    assert "Rating target" in [t.name for t in summary.figure.data]
    assert "Accomplished (Collaborative): 2 levels to go" in exports.report(store, info.code, "html").decode()
    sheet = workbook(exports.report(store, info.code, "xlsx"))["Ratings"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("Target") + 1).value == "Accomplished (Collaborative): 2 levels to go"
    lines = frame(exports.report(store, info.code, "csv"))
    assert list(lines["target"][:2]) == ["Accomplished (Collaborative): 2 levels to go", ""]
