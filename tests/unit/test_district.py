"""Adding a district's own continuum: checked, refused with a reason, or saved as ``<id>.yaml``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sipr_core import RubricError, load_library, parse_rubric
from sipr_core.district import EXAMPLE, check_upload, district_folder, read_upload, save_rubric
from sipr_core.loader import BUILTIN_RUBRICS, RUBRICS_ENV, Library

TEXT = """\
format: 1
id: family-engagement
title: Family Engagement Continuum
source:
  document: Riverside District Family Engagement Plan
levels:
  - {id: emerging, name: Emerging}
  - {id: leading, name: Leading}
groups:
  - id: communication
    title: Two-way communication
    rows:
      - id: c1
        title: Families hear from the school
        descriptors:
          emerging: Newsletters go home sometimes.
          leading: Families shape what the school shares.
"""


def with_id(rubric_id: str) -> str:
    """The rubric text with another id, quoted so that YAML reads it as exactly this string."""
    return TEXT.replace("id: family-engagement", f"id: {json.dumps(rubric_id)}")


@pytest.fixture
def district(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty district folder named by SIPR_RUBRICS, with the working folder beside it."""
    folder = tmp_path / "district"
    folder.mkdir()
    monkeypatch.setenv(RUBRICS_ENV, str(folder))
    monkeypatch.chdir(tmp_path)
    return folder


def problems(error: pytest.ExceptionInfo[RubricError]) -> list[str]:
    return [str(problem) for problem in error.value.problems]


# --- where -------------------------------------------------------------------------------------


def test_the_district_folder_is_the_first_folder_named_by_sipr_rubrics(tmp_path, monkeypatch):
    monkeypatch.setenv(RUBRICS_ENV, os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "b")]))
    assert district_folder() == tmp_path / "a"


def test_without_sipr_rubrics_the_district_folder_is_the_built_in_one(monkeypatch):
    monkeypatch.delenv(RUBRICS_ENV, raising=False)
    assert district_folder() == BUILTIN_RUBRICS


# --- saving ----------------------------------------------------------------------------------------


def test_save_writes_the_file_as_its_id_dot_yaml_and_the_library_loads_it(district):
    path = save_rubric(TEXT.encode(), "My upload (final) v2.YML")
    assert path == district / "family-engagement.yaml"
    assert path.read_text(encoding="utf-8") == TEXT
    assert [p.name for p in district.iterdir()] == ["family-engagement.yaml"]
    library = load_library()
    assert library.files["family-engagement"] == "district/family-engagement.yaml"
    assert not library.problems


def test_save_creates_a_district_folder_that_does_not_exist_yet(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "new" / "district"
    assert save_rubric(TEXT, "x.yaml", folder=folder) == folder / "family-engagement.yaml"


def test_save_drops_a_utf8_byte_order_mark(district):
    path = save_rubric(b"\xef\xbb\xbf" + TEXT.encode(), "notepad.yaml")
    assert path.read_bytes() == TEXT.encode()


def test_save_refuses_an_id_already_in_the_library_and_names_the_file_that_has_it(district):
    with pytest.raises(RubricError) as raised:
        save_rubric(with_id("micip-collaboration"), "ours.yaml")
    assert problems(raised) == [
        'ours.yaml id: rubric id "micip-collaboration" is already used by '
        f"{BUILTIN_RUBRICS}/micip-collaboration.yaml: give your continuum another id"
    ]
    assert list(district.iterdir()) == []


def test_save_refuses_the_same_continuum_twice(district):
    save_rubric(TEXT, "first.yaml")
    with pytest.raises(RubricError) as raised:
        save_rubric(TEXT, "second.yaml")
    assert problems(raised) == [
        'second.yaml id: rubric id "family-engagement" is already used by district/family-engagement.yaml: '
        "give your continuum another id",
        'second.yaml title: a continuum titled "Family Engagement Continuum" is already in the library '
        "(district/family-engagement.yaml): give yours a title of its own, so teams can tell them apart on the "
        "Start page",
    ]


def test_save_never_overwrites_a_broken_file_of_the_same_name(district):
    (district / "family-engagement.yaml").write_text("id: [broken\n", encoding="utf-8")
    with pytest.raises(RubricError) as raised:
        save_rubric(TEXT, "fixed.yaml")
    assert problems(raised) == [
        "fixed.yaml id: a file named family-engagement.yaml is already in district: "
        "give your continuum another id"
    ]
    assert (district / "family-engagement.yaml").read_text(encoding="utf-8") == "id: [broken\n"


def test_save_refuses_invalid_yaml_with_every_problem_and_writes_nothing(district):
    broken = TEXT.replace("          leading: Families shape what the school shares.\n", "").replace(
        "title: Family Engagement Continuum\n", ""
    )
    with pytest.raises(RubricError) as raised:
        save_rubric(broken, "family.yaml")
    assert problems(raised) == ["family.yaml:1 title: required, but missing"]
    missing_level = TEXT.replace("          leading: Families shape what the school shares.\n", "")
    with pytest.raises(RubricError) as raised:
        save_rubric(missing_level, "family.yaml")
    assert problems(raised) == ['family.yaml:16 groups[0].rows[0].descriptors: no text for level "Leading"']
    assert list(district.iterdir()) == []


def test_save_refuses_yaml_syntax_errors_at_their_line(district):
    with pytest.raises(RubricError) as raised:
        save_rubric(TEXT.replace("title: Two-way communication", "title: [Two-way"), "family.yaml")
    assert problems(raised) == ["family.yaml:12 YAML syntax: expected ',' or ']', but got ':'"]


def test_a_file_that_is_not_utf8_gets_a_plain_message(district):
    with pytest.raises(RubricError) as raised:
        save_rubric(TEXT.replace("Newsletters", "Bulletins à la maison").encode("latin-1"), "windows.yaml")
    assert problems(raised) == ["windows.yaml not UTF-8 text: save the file as UTF-8 and upload it again"]
    assert list(district.iterdir()) == []


def test_a_file_larger_than_the_library_allows_is_refused():
    with pytest.raises(RubricError) as raised:
        read_upload(b"#" * 5_000_001, "huge.yaml")
    assert problems(raised) == ["huge.yaml file is larger than 5 MB"]


def test_problems_name_only_the_last_part_of_the_uploaded_name(district):
    with pytest.raises(RubricError) as raised:
        save_rubric("format: 1\n", "../../etc/C:\\evil\\rubric.yaml")
    assert str(raised.value.problems[0]).startswith("rubric.yaml:1 ")


def test_a_folder_the_app_may_not_write_to_gets_a_plain_message(district, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(RubricError) as raised:
        save_rubric(TEXT, "family.yaml")
    assert problems(raised) == [
        "district cannot save the continuum here (Permission denied): ask whoever runs this app to set "
        "SIPR_RUBRICS to a folder the app may write to"
    ]
    assert list(district.iterdir()) == [], "the temporary file is removed"


# --- no path traversal through the id ----------------------------------------------------------------

MALICIOUS_IDS = [
    "../evil",
    "../../etc/passwd",
    "/tmp/evil",
    "..",
    ".hidden",
    "a/b",
    "a\\b",
    "~root",
    "x\x00y",
    " ../evil",
    "evil\n../x",
    "a" * 65,
]


@pytest.mark.parametrize("rubric_id", MALICIOUS_IDS)
def test_an_id_that_is_not_a_plain_name_is_refused_by_the_schema(district, rubric_id):
    with pytest.raises(RubricError) as raised:
        save_rubric(with_id(rubric_id), "evil.yaml")
    [problem] = raised.value.problems
    assert problem.path == "id"
    assert problem.message.endswith(
        (
            'is not a valid id: use letters, digits, ".", "-" or "_", starting with a letter or digit',
            "too long: at most 64 characters",
        )
    )
    assert list(district.iterdir()) == []
    assert list(district.parent.iterdir()) == [district]


# No deadline: each example writes and fsyncs a file, which a busy CI disk can stretch past 200 ms.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rubric_id=st.text(min_size=1, max_size=70))
def test_any_id_is_either_refused_or_saved_directly_inside_the_district_folder(district, rubric_id):
    try:
        path = save_rubric(with_id(rubric_id), "any.yaml", library=Library())
    except RubricError:
        assert sorted(p.name for p in district.parent.iterdir()) == ["district"]
        assert all(p.suffix == ".yaml" for p in district.iterdir())
        return
    assert path.parent == district
    assert path.resolve().parent == district.resolve()
    assert path.name == parse_rubric(path.read_text(encoding="utf-8"), "x").id + ".yaml"
    path.unlink()


# --- checking before saving, and the example ------------------------------------------------------


def test_check_upload_returns_the_rubric_without_writing(district):
    rubric = check_upload(TEXT.encode(), "family.yaml", Library())
    assert (rubric.id, rubric.row_count()) == ("family-engagement", 1)
    assert list(district.iterdir()) == []


def test_the_example_file_is_a_valid_continuum_new_to_the_library():
    rubric = check_upload(EXAMPLE, "family-engagement.yaml", load_library([BUILTIN_RUBRICS]))
    assert (rubric.id, len(rubric.groups), rubric.row_count(), len(rubric.levels)) == (
        "family-engagement",
        1,
        1,
        3,
    )
