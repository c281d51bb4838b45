from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_front_page_lists_every_rubric_in_the_library(library):
    at = AppTest.from_file(APP).run()
    assert not at.exception
    titles = [h.value for h in at.subheader]
    assert sorted(titles) == sorted(r.title for r in library.rubrics.values())
    assert not at.error


def test_front_page_shows_a_broken_district_rubric_as_an_error(tmp_path, monkeypatch):
    (tmp_path / "district.yaml").write_text("format: 1\nid: district\n", encoding="utf-8")
    monkeypatch.setenv("SIPR_RUBRICS", str(tmp_path))
    at = AppTest.from_file(APP).run()
    assert not at.exception
    assert [e.value for e in at.error][0].endswith("district.yaml:1 title: required, but missing")
