"""Handouts to print: every word of a continuum, whole and as its file has it, and no other words but the
handout's own labels; long texts split across pages, never cut; the ``handout`` command."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from source_text import normalise, split_in_source

from sipr_core import (
    Rubric,
    UnknownRubric,
    handout_file_name,
    handout_pdf,
    reading_file_name,
    reading_pdf,
)
from sipr_core.exports.handout import LABELS
from sipr_core.exports.reading import READING_LABELS
from sipr_core.handouts import find_handout, find_rubric, readings
from sipr_core.loader import BUILTIN_RUBRICS, load_library

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = load_library([BUILTIN_RUBRICS])


def pdf_words(data: bytes) -> str:
    """The PDF's text as one line, white space made single spaces."""
    return normalise(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def own_text(rubric: Rubric) -> list[str]:
    """Every text of the continuum that its handout must hold, in full."""
    texts = [rubric.title, *(t for t in [rubric.description] if t)]
    texts += [level.name for level in rubric.levels] + [d.name for d in rubric.dimensions]
    for group in rubric.groups:
        texts += [group.title, *(t for t in [group.description] if t), *(s.title for s in group.subgroups)]
        for row in group.rows:
            texts += [row.title] + ([row.id] if group.subgroups or row.id[:1].isdigit() else [])
            for cell in row.cells().values():
                texts += [t for t in [cell.text] if t] + list(cell.criteria or [])
                if cell.descriptors:
                    texts += [cell.describe(level) for level in rubric.levels]
    texts += [p for a in rubric.activities for p in a.prompts]
    source = rubric.source
    return texts + [t for t in (source.document, source.part, source.edition) if t]


def holds(text: str, shown: str) -> bool:
    """Whole, or in two pieces where a page ends inside it (the rest is under the next page's header)."""
    return normalise(text) in shown or split_in_source(text, shown)


@pytest.fixture(scope="module", params=sorted(SHIPPED.rubrics))
def handout(request) -> tuple[Rubric, str]:
    rubric = SHIPPED.get(request.param)
    return rubric, pdf_words(handout_pdf(rubric))


def test_a_handout_holds_every_text_of_its_continuum_whole(handout):
    rubric, shown = handout
    assert [t for t in own_text(rubric) if not holds(t, shown)] == []


def without(piece: str, text: str, count: int = 0) -> str:
    """The text with the piece taken away where it stands as whole words, with the comma that joins the
    parts of the source line (``count`` times, 0: all)."""
    return re.sub(rf"(?<!\S){re.escape(piece)},?(?!\S)", " ", text, count=count)


def test_a_handout_adds_no_words_but_its_own_labels(handout):
    rubric, shown = handout
    rest = re.sub(r"(?<!\S)page \d+(?!\S)", " ", f" {shown} ")
    for text in sorted({normalise(t) for t in own_text(rubric)}, key=len, reverse=True):
        if without(text, rest) != rest:
            rest = without(text, rest)
            continue
        words = text.split(" ")  # split at a page's end: take each piece away once
        pieces = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        head, tail = next((h, t) for h, t in pieces if f" {h} " in rest and f" {t} " in rest)
        rest = without(tail, without(head, rest, 1), 1)
    for label in sorted({*LABELS, rubric.terms.row, rubric.terms.subgroup, "#"}, key=len, reverse=True):
        rest = without(label, rest)
    assert rest.split() == []


def test_a_matrix_ticks_levels_and_a_checklist_ticks_criteria():
    collaboration, sipr = SHIPPED.get("micip-collaboration"), SHIPPED.get("sipr-practice-profile")
    assert "Tick each criterion" not in pdf_words(handout_pdf(collaboration))
    shown = pdf_words(handout_pdf(sipr))
    assert "Tick each criterion that holds" in shown
    assert shown.count("Level Not yet Emerging Approaching Acceptable") == sipr.row_count() * 2


def test_maintaining_balance_adds_the_building_and_the_district_templates():
    balance = SHIPPED.get("micip-maintaining-balance")
    shown = pdf_words(handout_pdf(balance))
    assert "Action planning template Building Team Functions" in shown
    assert "Action planning template District Team Functions Tick the level" in shown
    assert "What the building teams found" in shown
    assert "Action planning template" not in pdf_words(handout_pdf(SHIPPED.get("leadership-system")))


def test_only_a_continuum_whose_file_names_questions_prints_them():
    assert "What barriers exist to shifting the culture?" in pdf_words(handout_pdf(SHIPPED.get("micip-collaboration")))
    for rubric_id in ("sipr-practice-profile", "leadership-system"):
        shown = pdf_words(handout_pdf(SHIPPED.get(rubric_id)))
        assert "Questions to consider" not in shown
        assert "barriers exist" not in shown


def long_rubric(base: Rubric) -> tuple[Rubric, list[str]]:
    """The continuum with texts longer than a page in each kind of cell; every word of them numbered."""
    data = base.model_dump(mode="json", exclude_none=True)
    words: list[str] = []

    def long(n: int) -> str:
        numbered = [f"[{n}.{i}]" for i in range(1_500)]
        words.extend(numbered)
        return " ".join(numbered)

    row = data["groups"][0]["rows"][0]
    if "descriptors" in row:
        row["descriptors"] = {level: long(i) for i, level in enumerate(row["descriptors"])}
    else:
        cell = next(iter(row["dimensions"].values()))
        cell["text"] = long(0)
        cell["criteria"] = [f"[criterion.{i}]" for i in range(150)] + [long(1), "W" * 3_000]
        words += [f"[criterion.{i}]" for i in range(150)]
    return Rubric.model_validate(data), words


@pytest.mark.parametrize("rubric_id", ["micip-collaboration", "leadership-system", "sipr-practice-profile"])
def test_long_texts_wrap_and_split_across_pages_and_are_never_cut(rubric_id):
    rubric, words = long_rubric(SHIPPED.get(rubric_id))
    reader = PdfReader(io.BytesIO(handout_pdf(rubric)))
    assert len(reader.pages) > 10
    squeezed = re.sub(r"\s+", "", " ".join(p.extract_text() for p in reader.pages))
    assert [w for w in words if squeezed.count(w) != 1] == []
    if rubric.dimensions:  # the one long word, whole (page breaks cut it into a piece a page)
        assert sum(len(piece) for piece in re.findall("W{20,}", squeezed)) == 3_000


# --- readings: the toolkit's Handout 1 -------------------------------------------------------------

READINGS = readings(SHIPPED)


def reading_texts(rubric: Rubric, reading) -> list[str]:
    """Every text a reading's handout must hold: its name, the source line's parts, its own words."""
    return [reading.name, rubric.source.document, *(t for t in [reading.part, rubric.source.edition] if t),
            *reading.texts()]  # fmt: skip


@pytest.fixture(scope="module", params=sorted(READINGS))
def reading_handout(request):
    rubric, reading = READINGS[request.param]
    return rubric, reading, pdf_words(reading_pdf(rubric, reading))


def test_the_shipped_library_has_handout_1():
    assert sorted(READINGS) == ["micip-introduction"]
    assert READINGS["micip-introduction"][0].id == "micip-collaboration"


def test_a_readings_handout_holds_every_word_of_it_and_no_other_but_its_labels(reading_handout):
    rubric, reading, shown = reading_handout
    assert [t for t in reading_texts(rubric, reading) if not holds(t, shown)] == []
    rest = re.sub(r"(?<!\S)page \d+(?!\S)", " ", f" {shown} ")
    for text in sorted({normalise(t) for t in reading_texts(rubric, reading)}, key=len, reverse=True):
        rest = without(text, rest)
    for label in sorted(READING_LABELS, key=len, reverse=True):
        rest = without(label, rest)
    assert rest.split() == []


def test_a_readings_handout_with_a_changed_word_fails_the_content_check():
    rubric, reading = READINGS["micip-introduction"]
    data = reading.model_dump(mode="json")
    data["sections"][0]["paragraphs"][1] = data["sections"][0]["paragraphs"][1].replace("resources", "money")
    changed = type(reading).model_validate(data)
    shown = pdf_words(reading_pdf(rubric, changed))
    assert not holds(reading.sections[0].paragraphs[1], shown)


def test_find_handout_finds_a_continuum_or_a_reading_and_names_both_lists_otherwise():
    assert find_handout(SHIPPED, "micip-introduction")[0] == "micip-introduction-handout.pdf"
    assert find_handout(SHIPPED, "leadership-system")[0] == "leadership-system-handout.pdf"
    with pytest.raises(UnknownRubric) as raised:
        find_handout(SHIPPED, "handout-1")
    assert str(raised.value) == (
        "No such continuum or reading: handout-1 (continua: leadership-system, micip-collaboration, "
        "micip-maintaining-balance, sipr-earlier-strategies-3-4, sipr-practice-profile; readings: "
        "micip-introduction). Use an id from that list, or check its file with "
        "`python -m sipr_core validate FILE`."
    )


def test_an_unknown_continuum_is_named_with_the_ids_there_are():
    with pytest.raises(UnknownRubric) as raised:
        find_rubric(SHIPPED, "micip")
    assert str(raised.value) == (
        "No such continuum: micip (continua: leadership-system, micip-collaboration, micip-maintaining-balance, "
        "sipr-earlier-strategies-3-4, sipr-practice-profile). Use an id from that list, or check its file with "
        "`python -m sipr_core validate FILE`."
    )


# --- the command line -----------------------------------------------------------------------------


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sipr_core", "handout", *args],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "SIPR_RUBRICS": ""},
        cwd=tmp_path,
        timeout=120,
    )


def test_handout_writes_one_continuums_pdf(tmp_path):
    done = cli(tmp_path, "micip-collaboration", "-o", "h.pdf")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Wrote h.pdf (")
    assert "Accomplished (Collaborative)" in pdf_words((tmp_path / "h.pdf").read_bytes())


def test_handout_writes_handout_1_alone_by_its_id(tmp_path):
    done = cli(tmp_path, "micip-introduction", "-o", "h1.pdf")
    assert (done.returncode, done.stderr) == (0, "")
    shown = pdf_words((tmp_path / "h1.pdf").read_bytes())
    assert "page 1 Handout 1 Source: District-Led Continuous Improvement" in shown
    assert "Identify the status of the district regarding the balance of roles" in shown


def test_handout_into_a_folder_names_the_file_after_the_continuum(tmp_path):
    done = cli(tmp_path, "leadership-system", "-o", ".")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "leadership-system-handout.pdf").is_file()


def test_handout_all_writes_every_continuum_into_the_folder(tmp_path):
    done = cli(tmp_path, "--all", "-o", "out")
    assert (done.returncode, done.stderr) == (0, "")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [*(handout_file_name(r) for r in SHIPPED.rubrics.values()),
         reading_file_name(READINGS["micip-introduction"][1])]  # fmt: skip
    )
    assert done.stdout.splitlines()[-1] == "Wrote 6 of 6 files into out."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.pdf"], "error: name a continuum or a reading by its id, or every one with --all.\n"),
        (["micip-collaboration", "--all", "-o", "x"], "error: give either an id or --all, not both.\n"),
        (["nope", "-o", "x.pdf"], "error: No such continuum or reading: nope (continua: leadership-system, "
         "micip-collaboration, micip-maintaining-balance, sipr-earlier-strategies-3-4, "
         "sipr-practice-profile; readings: micip-introduction). Use an id from that list, or check its file with "
         "`python -m sipr_core validate FILE`.\n"),
        (["micip-collaboration", "-o", "missing/x.pdf"], "error: Cannot write missing/x.pdf: No such file or directory.\n"),
    ],
)  # fmt: skip
def test_handout_refuses_with_a_plain_message_and_writes_nothing(tmp_path, args, message):
    done = cli(tmp_path, *args)
    assert (done.returncode, done.stderr, done.stdout) == (1, message, "")
    assert list(tmp_path.iterdir()) == []


def test_handout_all_writes_the_good_files_and_names_a_bad_one(tmp_path):
    district = tmp_path / "district"
    district.mkdir()
    (district / "broken.yaml").write_text("format: 1\nid: broken\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "sipr_core", "handout", "--all", "-o", "out"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "SIPR_RUBRICS": str(district)},
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 1
    assert len(list((tmp_path / "out").iterdir())) == 6
    assert done.stderr.startswith("error: not written, its file has a problem: district/broken.yaml")


@pytest.mark.parametrize("rubric_id", ["leadership-system", "sipr-practice-profile"])
def test_a_group_heading_stands_on_the_page_of_its_first_row(rubric_id):
    rubric = SHIPPED.get(rubric_id)
    pages = [normalise(p.extract_text()) for p in PdfReader(io.BytesIO(handout_pdf(rubric))).pages]
    for group in rubric.groups:
        [page] = [p for p in pages if normalise(group.title) in p]
        first_row = normalise(group.rows[0].title)  # each group's first row title is found once in the PDF
        assert first_row in page, f"{group.title}: its first row is not on its page"
