"""What a facilitator sees when a rubric file is broken: one exact `file:line path: message` per problem.

Every case starts from a small valid rubric (2 groups, 3 levels) and breaks one thing in it. The
expected messages name lines of that text, so the anchor lines are checked first
(``test_base_rubrics_have_their_anchor_lines_where_the_cases_expect_them``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from sipr_core import RubricError, load_library, load_rubric, loader, parse_rubric
from sipr_core.loader import BUILTIN_RUBRICS, RUBRICS_ENV

REPO = Path(__file__).resolve().parents[2]

BASE = """\
format: 1
id: demo
title: Demo rubric
source:
  document: Demo document
levels:
  - id: starting
    name: Starting
  - id: evolving
    name: Evolving
  - id: done
    name: Done
groups:
  - id: first
    title: First group
    rows:
      - id: a
        title: Row A
        descriptors:
          starting: A starts
          evolving: A evolves
          done: A is done
  - id: second
    title: Second group
    rows:
      - id: b
        title: Row B
        descriptors:
          starting: B starts
          evolving: B evolves
          done: B is done
"""

# The same rubric rated on two dimensions, as the SIPR and Maintaining Balance files are.
DIMENSIONED = """\
format: 1
id: demo
title: Demo rubric
source:
  document: Demo document
levels:
  - id: starting
    name: Starting
  - id: evolving
    name: Evolving
  - id: done
    name: Done
dimensions:
  - id: building
    name: Building team
  - id: district
    name: District team
groups:
  - id: first
    title: First group
    rows:
      - id: a
        title: Row A
        dimensions:
          building:
            text: A in buildings
          district:
            text: A in the district
  - id: second
    title: Second group
    rows:
      - id: b
        title: Row B
        dimensions:
          building:
            text: B in buildings
          district:
            text: B in the district
"""

ROW_B_DESCRIPTORS = """\
        descriptors:
          starting: B starts
          evolving: B evolves
          done: B is done
"""

ROW_B_CELLS = """\
        dimensions:
          building:
            text: B in buildings
          district:
            text: B in the district
"""

# Flow-style levels, each followed by a comment line so that every later line keeps its number.
UPPER_LEVELS = "  - id: evolving\n    name: Evolving\n  - id: done\n    name: Done\n"


def thresholds(evolving: str, done: str) -> str:
    return f"  - {{id: evolving, name: Evolving{evolving}}}\n  #\n  - {{id: done, name: Done{done}}}\n  #\n"


def mutated(old: str, new: str, base: str = BASE) -> str:
    """The base text with its one occurrence of ``old`` replaced by ``new``."""
    assert base.count(old) == 1, f"{old!r} must occur exactly once in the base rubric"
    return base.replace(old, new)


@pytest.fixture
def problems_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], list[str]]:
    """A function from YAML text to the messages of loading it as ``x.yaml`` in the working folder."""
    monkeypatch.chdir(tmp_path)

    def problems(text: str) -> list[str]:
        path = tmp_path / "x.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(RubricError) as raised:
            load_rubric(path)
        return [str(problem) for problem in raised.value.problems]

    return problems


@pytest.fixture
def library_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder ``lib`` for rubric files, inside the working folder."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "lib"
    folder.mkdir()
    return folder


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop(RUBRICS_ENV, None)
    return subprocess.run(
        [sys.executable, "-m", "sipr_core", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- the base rubrics ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "anchors"),
    [
        (
            BASE,
            {
                1: "format: 1",
                3: "title: Demo rubric",
                4: "source:",
                9: "  - id: evolving",
                11: "  - id: done",
                13: "groups:",
                20: "          starting: A starts",
                21: "          evolving: A evolves",
                26: "      - id: b",
                27: "        title: Row B",
                28: "        descriptors:",
                29: "          starting: B starts",
                31: "          done: B is done",
            },
        ),
        (
            DIMENSIONED,
            {
                13: "dimensions:",
                32: "      - id: b",
                33: "        title: Row B",
                34: "        dimensions:",
                35: "          building:",
                36: "            text: B in buildings",
                37: "          district:",
                38: "            text: B in the district",
            },
        ),
    ],
    ids=["descriptors", "dimensions"],
)
def test_base_rubrics_have_their_anchor_lines_where_the_cases_expect_them(base, anchors):
    lines = base.splitlines()
    assert {number: lines[number - 1] for number in anchors} == anchors


@pytest.mark.parametrize("base", [BASE, DIMENSIONED], ids=["descriptors", "dimensions"])
def test_base_rubrics_load_with_two_groups_and_three_levels(base):
    rubric = parse_rubric(base, "x.yaml")
    assert [g.id for g in rubric.groups] == ["first", "second"]
    assert rubric.level_ids() == ["starting", "evolving", "done"]


# --- one broken thing, one exact message ------------------------------------------------------

ONE_PROBLEM = [
    pytest.param(
        "        title: Row B",
        "        title: Row: B",
        "x.yaml:27 YAML syntax: mapping values are not allowed here",
        id="yaml-syntax-colon-in-value",
    ),
    pytest.param(
        "        title: Row B",
        "        title: [Row B",
        "x.yaml:28 YAML syntax: expected ',' or ']', but got ':'",
        id="yaml-syntax-unclosed-bracket",
    ),
    pytest.param(
        "id: demo",
        "id: demo\n\tcolour: blue",
        "x.yaml:3 YAML syntax: found character '\\t' that cannot start any token",
        id="yaml-syntax-tab",
    ),
    pytest.param("title: Demo rubric\n", "", "x.yaml:1 title: required, but missing", id="missing-title"),
    pytest.param(
        "        title: Row B\n",
        "",
        "x.yaml:26 groups[1].rows[0].title: required, but missing",
        id="missing-row-title",
    ),
    pytest.param(
        "title: Demo rubric\n",
        "title: Demo rubric\ncolour: blue\n",
        'x.yaml:4 colour: unknown key "colour" (allowed: format, id, title, label, description, source, '
        "terms, levels, floor, dimensions, groups, activities, guide, readings, notes, added)",
        id="unknown-top-level-key",
    ),
    pytest.param(
        "  document: Demo document\n",
        "  document: Demo document\n  author: Someone\n",
        'x.yaml:6 source.author: unknown key "author" (allowed: document, part, edition, publisher, '
        "seed_file)",
        id="unknown-source-key",
    ),
    pytest.param(
        "        title: Row B\n",
        "        title: Row B\n        colour: blue\n",
        'x.yaml:28 groups[1].rows[0].colour: unknown key "colour" (allowed: id, title, label, subgroup, '
        "text, descriptors, criteria, dimensions, notes, added)",
        id="unknown-row-key",
    ),
    pytest.param(
        "        title: Row B",
        "        title: ''",
        "x.yaml:27 groups[1].rows[0].title: empty text: write the text or remove the key",
        id="empty-text",
    ),
    pytest.param(
        "        title: Row B",
        "        title:",
        "x.yaml:27 groups[1].rows[0].title: empty text: write the text or remove the key",
        id="no-text",
    ),
    pytest.param(
        "        title: Row B",
        "        title: '   '",
        "x.yaml:27 groups[1].rows[0].title: empty text: write the text or remove the key",
        id="blank-text",
    ),
    pytest.param(
        "          done: B is done",
        "          done: ''",
        "x.yaml:31 groups[1].rows[0].descriptors.done: empty text: write the text or remove the key",
        id="empty-descriptor",
    ),
    pytest.param(
        "        title: Row B",
        "        title: [Row, B]",
        "x.yaml:27 groups[1].rows[0].title: expected text, got a list",
        id="list-for-text",
    ),
    pytest.param(
        "        title: Row B",
        "        title: 42",
        "x.yaml:27 groups[1].rows[0].title: expected text, got a number",
        id="number-for-text",
    ),
    pytest.param(
        "        title: Row B",
        "        title: 4.5",
        "x.yaml:27 groups[1].rows[0].title: expected text, got a number",
        id="decimal-for-text",
    ),
    pytest.param(
        "        title: Row B",
        "        title: yes",
        "x.yaml:27 groups[1].rows[0].title: expected text, got yes/no",
        id="yes-no-for-text",
    ),
    pytest.param(
        "        title: Row B",
        "        title: {a: b}",
        "x.yaml:27 groups[1].rows[0].title: expected text, got a mapping",
        id="mapping-for-text",
    ),
    pytest.param(
        "      - id: b",
        "      - id: true",
        "x.yaml:26 groups[1].rows[0].id: expected text, got yes/no",
        id="yes-no-for-id",
    ),
    pytest.param(
        "source:\n  document: Demo document\n",
        "source: Demo document\n#\n",
        "x.yaml:4 source: expected a mapping (key: value lines), got text",
        id="text-for-mapping",
    ),
    pytest.param(
        "          done: B is done\n",
        "          done: B is done\n        criteria: B only\n",
        "x.yaml:32 groups[1].rows[0].criteria: expected a list (lines starting with '- '), got text",
        id="text-for-list",
    ),
    pytest.param(
        ROW_B_DESCRIPTORS,
        "        descriptors: B starts\n#\n#\n#\n",
        "x.yaml:28 groups[1].rows[0].descriptors: expected a mapping (key: value lines), got text",
        id="text-for-descriptors",
    ),
    pytest.param(
        "      - id: b",
        "      - id: b/c",
        'x.yaml:26 groups[1].rows[0].id: "b/c" is not a valid id: use letters, digits, ".", "-" or "_", '
        "starting with a letter or digit",
        id="bad-id-slash",
    ),
    pytest.param(
        "      - id: b",
        "      - id: ' b c '",
        'x.yaml:26 groups[1].rows[0].id: "b c" is not a valid id: use letters, digits, ".", "-" or "_", '
        "starting with a letter or digit",
        id="bad-id-space",
    ),
    pytest.param(
        "  - id: done",
        "  - id: -done",
        'x.yaml:11 levels[2].id: "-done" is not a valid id: use letters, digits, ".", "-" or "_", '
        "starting with a letter or digit",
        id="bad-id-leading-dash",
    ),
    pytest.param(
        "format: 1",
        "format: 2",
        "x.yaml:1 format: unsupported format 2: this version reads format 1",
        id="format-2",
    ),
    pytest.param(
        "format: 1",
        "format: '1'",
        "x.yaml:1 format: unsupported format '1': this version reads format 1",
        id="format-as-text",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), ONE_PROBLEM)
def test_a_broken_rubric_gives_one_exact_message(problems_of, old, new, message):
    assert problems_of(mutated(old, new)) == [message]


CROSS_REFERENCE = [
    pytest.param(
        "          evolving: B evolves\n",
        "",
        'x.yaml:29 groups[1].rows[0].descriptors: no text for level "Evolving"',
        id="missing-level-text",
    ),
    pytest.param(
        "      - id: b",
        "      - id: a",
        'x.yaml:26 groups[1].rows[0].id: duplicate row id "a" (also at groups[0].rows[0].id)',
        id="duplicate-row-id-across-groups",
    ),
    pytest.param(
        "  - id: second",
        "  - id: first",
        'x.yaml:23 groups[1].id: duplicate group id "first" (also at groups[0].id)',
        id="duplicate-group-id",
    ),
    pytest.param(
        "          starting: B starts",
        "          done: B starts",
        "x.yaml:31 groups[1].rows[0].descriptors.done: key given twice",
        id="descriptor-key-twice",
    ),
    pytest.param("title: Demo rubric", "id: demo", "x.yaml:3 id: key given twice", id="top-level-key-twice"),
    pytest.param(
        ROW_B_DESCRIPTORS,
        "        dimensions:\n          rating:\n            text: B is rated\n#\n",
        "x.yaml:29 groups[1].rows[0].dimensions: this rubric declares no dimensions: add a top-level "
        "dimensions list or put descriptors, criteria or text directly on the row",
        id="row-dimensions-without-rubric-dimensions",
    ),
    pytest.param(
        "        title: Row B\n",
        "        title: Row B\n        subgroup: p9\n",
        'x.yaml:28 groups[1].rows[0].subgroup: unknown subgroup "p9" (this group has: none)',
        id="unknown-subgroup-in-group-without-subgroups",
    ),
    pytest.param(
        "    name: Done\n",
        "    name: Done\n    added: [meaning]\n",
        'x.yaml:13 levels[2].added[0]: "meaning" is not a field given here (fields: id, name)',
        id="added-names-a-field-not-given",
    ),
    pytest.param(
        "    name: Done\n",
        "    name: Done\n    added: [added]\n",
        'x.yaml:13 levels[2].added[0]: "added" is not a field given here (fields: id, name)',
        id="added-names-itself",
    ),
    pytest.param(
        UPPER_LEVELS,
        thresholds(", min_count: 1", ", min_share: 0.9"),
        "x.yaml:11 levels[2].min_share: levels suggest themselves from ticked criteria, so the top level "
        "must mean every criterion holds: set min_share: 1.0",
        id="top-threshold-below-one",
    ),
    pytest.param(
        UPPER_LEVELS,
        thresholds(", min_count: 1", ", min_count: 2"),
        "x.yaml:11 levels[2].min_share: levels suggest themselves from ticked criteria, so the top level "
        "must mean every criterion holds: set min_share: 1.0",
        id="top-threshold-a-count",
    ),
    pytest.param(
        UPPER_LEVELS,
        thresholds("", ", min_share: 1.0"),
        'x.yaml:9 levels[1]: level "Evolving" needs min_count or min_share, like the other levels',
        id="middle-level-without-threshold",
    ),
    pytest.param(
        ROW_B_DESCRIPTORS,
        "#\n#\n#\n#\n",
        "x.yaml:26 groups[1].rows[0]: nothing to rate: give descriptors (one text per level), criteria "
        "or text",
        id="nothing-to-rate",
    ),
    pytest.param(
        "          done: B is done\n",
        "          done: B is done\n        criteria: []\n",
        "x.yaml:32 groups[1].rows[0].criteria: empty list: give at least one criterion or remove the key",
        id="empty-criteria",
    ),
    pytest.param(
        "          done: B is done\n",
        "          done: B is done\nactivities:\n  - id: warm-up\n    title: Warm-up\n    minutes: [30, 20]\n",
        "x.yaml:35 activities[0].minutes: from 30 to 20 minutes: the first must not exceed the second",
        id="activity-minutes-reversed",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), CROSS_REFERENCE)
def test_a_cross_reference_problem_gives_one_exact_message(problems_of, old, new, message):
    assert problems_of(mutated(old, new)) == [message]


def test_unknown_subgroup_message_lists_the_groups_subgroups(problems_of):
    text = mutated(
        "    title: Second group\n    rows:\n      - id: b\n        title: Row B\n",
        "    title: Second group\n    subgroups:\n      - id: p1\n        title: Practice one\n"
        "    rows:\n      - id: b\n        title: Row B\n        subgroup: p2\n",
    )
    assert problems_of(text) == [
        'x.yaml:31 groups[1].rows[0].subgroup: unknown subgroup "p2" (this group has: p1)'
    ]


DIMENSION_CASES = [
    pytest.param(
        "          district:\n            text: B in the district\n",
        "#\n#\n",
        ['x.yaml:35 groups[1].rows[0].dimensions: no cell for dimension "District team" (district)'],
        id="missing-dimension-cell",
    ),
    pytest.param(
        "            text: B in the district\n",
        "            text: B in the district\n          county:\n            text: B in the county\n",
        [
            'x.yaml:40 groups[1].rows[0].dimensions.county: unknown dimension "county" '
            "(dimensions: building, district)"
        ],
        id="unknown-dimension",
    ),
    pytest.param(
        "          district:\n            text: B in the district\n",
        "          county:\n            text: B in the district\n",
        [
            'x.yaml:38 groups[1].rows[0].dimensions.county: unknown dimension "county" '
            "(dimensions: building, district)",
            'x.yaml:35 groups[1].rows[0].dimensions: no cell for dimension "District team" (district)',
        ],
        id="misnamed-dimension",
    ),
    pytest.param(
        ROW_B_CELLS,
        "        text: B everywhere\n#\n#\n#\n#\n",
        [
            "x.yaml:34 groups[1].rows[0].text: this rubric rates every row on dimensions "
            "(building, district): put the text under dimensions"
        ],
        id="row-text-instead-of-cells",
    ),
    pytest.param(
        ROW_B_CELLS,
        "#\n#\n#\n#\n#\n",
        ["x.yaml:32 groups[1].rows[0]: missing dimensions: give one cell for each of building, district"],
        id="row-without-cells",
    ),
    pytest.param(
        "            text: B in buildings",
        "            descriptors: {starting: B starts, done: B is done}",
        ['x.yaml:36 groups[1].rows[0].dimensions.building.descriptors: no text for level "Evolving"'],
        id="cell-missing-level-text",
    ),
    pytest.param(
        "            text: B in buildings",
        "            txt: B in buildings",
        [
            'x.yaml:36 groups[1].rows[0].dimensions.building.txt: unknown key "txt" '
            "(allowed: text, descriptors, criteria, notes)"
        ],
        id="unknown-cell-key",
    ),
    pytest.param(
        "  - id: district\n",
        "  - id: district\n    colour: blue\n",
        [
            'x.yaml:17 dimensions[1].colour: unknown key "colour" '
            "(allowed: id, name, label, description, added)"
        ],
        id="unknown-dimension-key",
    ),
]


@pytest.mark.parametrize(("old", "new", "messages"), DIMENSION_CASES)
def test_a_broken_dimensioned_rubric_gives_exact_messages(problems_of, old, new, messages):
    assert problems_of(mutated(old, new, DIMENSIONED)) == messages


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "x.yaml:1 the file is empty"),
        ("# only a comment\n", "x.yaml:1 the file is empty"),
        ("- a\n- b\n", "x.yaml:1 a rubric file must be a mapping (key: value lines) at the top"),
        ("just some text\n", "x.yaml:1 a rubric file must be a mapping (key: value lines) at the top"),
    ],
    ids=["empty", "only-a-comment", "a-list", "a-scalar"],
)
def test_a_file_that_is_not_a_rubric_mapping_gives_one_exact_message(problems_of, text, message):
    assert problems_of(text) == [message]


def test_a_file_that_is_not_utf8_says_so_without_a_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.yaml").write_bytes(BASE.replace("Row B", "Caf\xe9").encode("latin-1"))
    with pytest.raises(RubricError) as raised:
        load_rubric(tmp_path / "x.yaml")
    assert [str(p) for p in raised.value.problems] == ["x.yaml not UTF-8 text: save the file as UTF-8"]


def test_a_missing_file_says_it_cannot_be_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RubricError) as raised:
        load_rubric("absent.yaml")
    assert str(raised.value) == "absent.yaml cannot read the file (No such file or directory)"


def test_a_file_outside_the_working_folder_is_named_by_its_full_path(tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    path = tmp_path / "district" / "x.yaml"
    path.parent.mkdir()
    path.write_text("", encoding="utf-8")
    with pytest.raises(RubricError) as raised:
        load_rubric(path)
    assert str(raised.value) == f"{path}:1 the file is empty"


def test_a_file_in_a_subfolder_of_the_working_folder_is_named_relative_to_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "district" / "x.yaml"
    path.parent.mkdir()
    path.write_text("", encoding="utf-8")
    with pytest.raises(RubricError) as raised:
        load_rubric(path)
    assert str(raised.value) == "district/x.yaml:1 the file is empty"


# --- several problems, several messages -------------------------------------------------------


def test_several_structural_problems_give_one_message_each(problems_of):
    text = BASE.replace(
        "title: Demo rubric\n", "title: Demo rubric\ncolour: blue\n"
    )  # lines below move by one
    text = text.replace("        title: Row A", "        title: 42")
    text = text.replace("      - id: b", "      - id: b/c")
    assert problems_of(text) == [
        "x.yaml:19 groups[0].rows[0].title: expected text, got a number",
        'x.yaml:27 groups[1].rows[0].id: "b/c" is not a valid id: use letters, digits, ".", "-" or "_", '
        "starting with a letter or digit",
        'x.yaml:4 colour: unknown key "colour" (allowed: format, id, title, label, description, source, terms, '
        "levels, floor, dimensions, groups, activities, guide, readings, notes, added)",
    ]


def test_several_cross_reference_problems_give_one_message_each(problems_of):
    text = BASE.replace("      - id: b", "      - id: a")
    text = text.replace(
        "          done: A is done\n", "          done: A is done\n          finished: A ends\n"
    )
    text = text.replace("          evolving: B evolves\n", "")
    assert problems_of(text) == [
        'x.yaml:27 groups[1].rows[0].id: duplicate row id "a" (also at groups[0].rows[0].id)',
        'x.yaml:23 groups[0].rows[0].descriptors.finished: unknown level "finished" (levels: starting, evolving, done)',
        'x.yaml:30 groups[1].rows[0].descriptors: no text for level "Evolving"',
    ]


def test_a_descriptor_for_an_unknown_level_also_leaves_a_level_without_text(problems_of):
    assert problems_of(mutated("          done: B is done", "          finished: B is done")) == [
        'x.yaml:31 groups[1].rows[0].descriptors.finished: unknown level "finished" (levels: starting, evolving, done)',
        'x.yaml:29 groups[1].rows[0].descriptors: no text for level "Done"',
    ]


def test_a_duplicate_level_id_is_reported_with_the_descriptors_it_orphans(problems_of):
    assert problems_of(mutated("  - id: evolving", "  - id: done")) == [
        'x.yaml:11 levels[2].id: duplicate level id "done" (also at levels[1].id)',
        'x.yaml:21 groups[0].rows[0].descriptors.evolving: unknown level "evolving" (levels: starting, done, done)',
        'x.yaml:30 groups[1].rows[0].descriptors.evolving: unknown level "evolving" (levels: starting, done, done)',
    ]


def test_every_key_given_twice_is_reported_at_its_repeat(problems_of):
    text = mutated(
        "        title: Row B\n", "        title: Row B\n        title: Row C\n        title: Row D\n"
    )
    assert problems_of(text) == [
        "x.yaml:28 groups[1].rows[0].title: key given twice",
        "x.yaml:29 groups[1].rows[0].title: key given twice",
    ]


def test_rubric_error_text_is_every_message_on_its_own_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = BASE.replace("          evolving: A evolves\n", "#\n").replace(
        "          starting: B starts\n", "#\n"
    )
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RubricError) as raised:
        load_rubric(tmp_path / "x.yaml")
    assert str(raised.value) == (
        'x.yaml:20 groups[0].rows[0].descriptors: no text for level "Evolving"\n'
        'x.yaml:30 groups[1].rows[0].descriptors: no text for level "Starting"'
    )


def test_a_minimum_of_two_levels_is_worded_in_the_plural(problems_of):
    text = mutated(UPPER_LEVELS, "#\n#\n#\n#\n")
    assert problems_of(text)[0] == "x.yaml:7 levels: needs at least 2 items"


# --- unusual YAML and edge cases -----------------------------------------------------------


def test_a_minimum_of_one_item_is_worded_in_the_singular(problems_of):
    text = BASE.split("  - id: second\n")[0] + "  - id: second\n    title: Second group\n    rows: []\n"
    assert problems_of(text) == ["x.yaml:25 groups[1].rows: needs at least 1 item"]


def test_a_second_yaml_document_in_the_file_is_named_in_the_message(problems_of):
    assert problems_of(BASE + "---\nid: other\n") == [
        "x.yaml:32 YAML syntax: expected a single document in the stream, but found another document"
    ]


@pytest.mark.parametrize(
    ("added", "message"),
    [
        ("label", '"label" is not a field given here (fields: id, title, descriptors)'),
        ("notes", '"notes" is not a field given here (fields: id, title, descriptors)'),
    ],
    ids=["unset-text-field", "unset-list-field"],
)
def test_added_names_only_fields_given_in_the_file(problems_of, added, message):
    text = mutated("        title: Row B\n", f"        title: Row B\n        added: [{added}]\n")
    assert problems_of(text) == [f"x.yaml:28 groups[1].rows[0].added[0]: {message}"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BASE + "[a, b]: c\n", "x.yaml:32 the top level: a key must be plain text, not a list or mapping"),
        (
            BASE + "? {a: 1}\n: c\n",
            "x.yaml:32 the top level: a key must be plain text, not a list or mapping",
        ),
        (
            mutated("        title: Row B\n", "        title: Row B\n        notes:\n          [x]: y\n"),
            "x.yaml:29 groups[1].rows[0].notes: a key must be plain text, not a list or mapping",
        ),
        (BASE + "notes: &loop\n  - *loop\n", "x.yaml YAML nests too deeply or an alias refers to itself"),
    ],
    ids=["list-as-key", "mapping-as-key", "nested-list-as-key", "self-referencing-alias"],
)
def test_unusual_yaml_is_an_exact_message_not_a_crash(problems_of, text, message):
    assert problems_of(text) == [message]


def test_a_control_character_is_one_message_on_one_line_naming_its_line(problems_of):
    # PyYAML's reader error spans two lines and names "<unicode string>" and a character offset.
    assert problems_of(BASE + "notes:\n  - a NUL \x00 character\n") == [
        "x.yaml:33 YAML syntax: unacceptable character #x0000: special characters are not allowed"
    ]


def test_an_id_longer_than_64_characters_is_too_long_in_plain_words(problems_of):
    # pydantic reports the Id length as "too_long" (not "string_too_long") because of its BeforeValidator.
    assert problems_of(mutated("      - id: b", "      - id: " + "b" * 65)) == [
        "x.yaml:26 groups[1].rows[0].id: too long: at most 64 characters"
    ]


def test_a_numeric_level_id_is_a_key_in_the_path_and_its_own_line(problems_of):
    text = mutated("  - id: done\n", "  - id: 3\n").replace(
        "          done: A is done", "          3: A is done"
    )
    text = text.replace("          done: B is done", "          3: ''")
    # Today: "x.yaml:29 groups[1].rows[0].descriptors[3]: ...", a list index and the mapping's line.
    assert problems_of(text) == [
        "x.yaml:31 groups[1].rows[0].descriptors.3: empty text: write the text or remove the key"
    ]


def test_a_file_that_once_crashed_the_parser_does_not_stop_the_library(library_folder):
    (library_folder / "a-good.yaml").write_text(BASE, encoding="utf-8")
    (library_folder / "b-bad.yaml").write_text(
        BASE.replace("id: demo", "id: other") + "[a, b]: c\n", encoding="utf-8"
    )
    library = load_library([library_folder])
    assert list(library.rubrics) == ["demo"]
    assert [str(p) for p in library.problems] == [
        "lib/b-bad.yaml:32 the top level: a key must be plain text, not a list or mapping"
    ]


# --- the library: one bad file never stops the others -----------------------------------------


def test_library_loads_the_good_file_and_lists_the_bad_files_problems(library_folder):
    (library_folder / "good.yaml").write_text(BASE, encoding="utf-8")
    (library_folder / "bad.yaml").write_text(
        mutated("          evolving: B evolves\n", "").replace("id: demo", "id: broken"), encoding="utf-8"
    )
    library = load_library([library_folder])
    assert list(library.rubrics) == ["demo"]
    assert library.files == {"demo": "lib/good.yaml"}
    assert [str(p) for p in library.problems] == [
        'lib/bad.yaml:29 groups[1].rows[0].descriptors: no text for level "Evolving"'
    ]


def test_library_reads_yml_files_as_well_as_yaml_files(library_folder):
    (library_folder / "one.yml").write_text(BASE, encoding="utf-8")
    assert list(load_library([library_folder]).rubrics) == ["demo"]


def test_library_reports_a_second_file_with_the_same_rubric_id_and_keeps_the_first(library_folder):
    (library_folder / "a.yaml").write_text(BASE, encoding="utf-8")
    (library_folder / "b.yaml").write_text(
        BASE.replace("title: Demo rubric", "title: Another"), encoding="utf-8"
    )
    library = load_library([library_folder])
    assert library.get("demo").title == "Demo rubric"
    assert library.files == {"demo": "lib/a.yaml"}
    [problem] = library.problems
    assert (problem.file, problem.path) == ("lib/b.yaml", "id")
    assert problem.message == 'rubric id "demo" is already used by lib/a.yaml'


def test_a_duplicate_rubric_id_is_reported_at_the_line_of_the_id(library_folder):
    (library_folder / "a.yaml").write_text(BASE, encoding="utf-8")
    (library_folder / "b.yaml").write_text(BASE, encoding="utf-8")
    assert [str(p) for p in load_library([library_folder]).problems] == [
        'lib/b.yaml:2 id: rubric id "demo" is already used by lib/a.yaml'
    ]


def test_library_reports_a_missing_folder_and_still_loads_the_others(library_folder, tmp_path):
    (library_folder / "a.yaml").write_text(BASE, encoding="utf-8")
    library = load_library([tmp_path / "absent", library_folder])
    assert list(library.rubrics) == ["demo"]
    assert [str(p) for p in library.problems] == ["absent rubrics folder not found"]


@pytest.fixture
def district_folder(tmp_path: Path) -> Path:
    """A folder outside the repository holding one valid district rubric, ``demo``."""
    folder = tmp_path / "district"
    folder.mkdir()
    (folder / "demo.yaml").write_text(BASE, encoding="utf-8")
    return folder


def test_sipr_rubrics_env_adds_a_district_folder_to_the_five_built_in_rubrics(district_folder, monkeypatch):
    monkeypatch.setenv(RUBRICS_ENV, str(district_folder))
    library = load_library()
    assert library.problems == []
    assert sorted(library.rubrics) == [
        "demo",
        "leadership-system",
        "micip-collaboration",
        "micip-maintaining-balance",
        "sipr-earlier-strategies-3-4",
        "sipr-practice-profile",
    ]
    assert library.files["demo"] == str(district_folder / "demo.yaml")


def test_sipr_rubrics_env_takes_several_folders_separated_like_path(district_folder, tmp_path, monkeypatch):
    second = tmp_path / "second"
    second.mkdir()
    (second / "other.yaml").write_text(BASE.replace("id: demo", "id: other"), encoding="utf-8")
    monkeypatch.setenv(RUBRICS_ENV, os.pathsep.join([str(district_folder), str(second)]))
    library = load_library()
    assert library.problems == []
    assert {"demo", "other"} <= set(library.rubrics)
    assert len(library.rubrics) == 7


def test_without_sipr_rubrics_the_library_is_the_built_in_folder(monkeypatch):
    monkeypatch.delenv(RUBRICS_ENV, raising=False)
    library = load_library()
    assert library.problems == []
    assert len(library.rubrics) == 5
    assert all(Path(name).parent.resolve() == BUILTIN_RUBRICS for name in library.files.values())


# --- the command line -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        (BASE, "Demo rubric: 2 groups, 2 rows"),
        (BASE.split("  - id: second\n")[0], "Demo rubric: 1 group, 1 row"),
    ],
    ids=["plural", "singular"],
)
def test_cli_validate_prints_ok_and_exits_0_for_a_good_file(tmp_path, text, summary):
    (tmp_path / "good.yaml").write_text(text, encoding="utf-8")
    result = run_cli("validate", "good.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"good.yaml: ok ({summary})\n", "")


def test_cli_validate_prints_every_message_on_stderr_and_exits_1_for_a_bad_file(tmp_path):
    text = mutated("          evolving: B evolves\n", "").replace("      - id: b", "      - id: a")
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    result = run_cli("validate", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        'bad.yaml:26 groups[1].rows[0].id: duplicate row id "a" (also at groups[0].rows[0].id)',
        'bad.yaml:29 groups[1].rows[0].descriptors: no text for level "Evolving"',
    ]


def test_cli_validate_checks_every_file_and_fails_if_any_is_bad(tmp_path):
    (tmp_path / "good.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    result = run_cli("validate", "empty.yaml", "good.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == "good.yaml: ok (Demo rubric: 2 groups, 2 rows)\n"
    assert result.stderr == "empty.yaml:1 the file is empty\n"


def test_cli_validate_accepts_every_built_in_rubric(tmp_path):
    files = sorted(str(path) for path in BUILTIN_RUBRICS.glob("*.yaml"))
    result = run_cli("validate", *files, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 5


def test_cli_without_a_file_is_a_usage_error(tmp_path):
    result = run_cli("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "the following arguments are required: FILE" in result.stderr


def test_a_threshold_out_of_range_is_worded_plainly(tmp_path, monkeypatch):
    from sipr_core import parse_rubric

    text = BASE.replace("  - id: done\n", "  - id: done\n    min_share: 1.5\n", 1)
    with pytest.raises(RubricError) as error:
        parse_rubric(text, "x.yaml")
    assert [p.message for p in error.value.problems] == ["1.5 is too large: at most 1"]


def test_a_file_of_exponentially_nested_aliases_is_refused_quickly():
    from sipr_core import parse_rubric

    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
        for i in range(1, 9)
    ]
    with pytest.raises(RubricError) as error:
        parse_rubric("\n".join(lines) + "\n", "bomb.yaml")
    assert str(error.value) == "bomb.yaml the file expands to more than 500,000 values (through aliases)"


# --- the fast parser -----------------------------------------------------------------------


def test_rubrics_are_read_with_libyaml_and_give_the_same_data_and_lines_as_pyyaml():
    assert loader._FAST is yaml.CSafeLoader  # PyYAML's wheels are built with libyaml
    files = sorted(BUILTIN_RUBRICS.glob("*.yaml"))
    assert len(files) >= 5
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert loader._parse_with(yaml.CSafeLoader, text, file.name) == loader._parse_with(
            yaml.SafeLoader, text, file.name
        )


def test_a_large_broken_file_is_refused_at_its_line_without_a_second_slow_read(monkeypatch):
    rows = [f"      - id: r{i}\n        title: Row {i}\n" for i in range(30_000)]
    rows[20_000] = "      - id: r20000\n        title: Row: twenty thousand: broken\n"
    head = BASE.split("groups:")[0] + "groups:\n  - id: g\n    title: G\n    rows:\n"
    text = head + "".join(rows)
    broken_line = (head + "".join(rows[:20_000])).count("\n") + 2
    assert len(text) > loader.REREAD_BELOW
    monkeypatch.setattr(yaml, "SafeLoader", None)  # a second read with PyYAML would fail with a TypeError
    with pytest.raises(RubricError) as raised:
        parse_rubric(text, "big.yaml")
    assert [str(p) for p in raised.value.problems] == [
        f"big.yaml:{broken_line} YAML syntax: mapping values are not allowed in this context"
    ]


def test_one_long_text_used_through_thousands_of_aliases_is_refused_by_its_size(monkeypatch):
    """109 KB of file: one 100,000-character text used 3,000 times is 300 million characters to check."""
    constructed = []
    monkeypatch.setattr(yaml.constructor.SafeConstructor, "construct_document",
                        lambda self, node: constructed.append(node))
    monkeypatch.setattr(yaml.CSafeLoader, "construct_document", lambda self, node: constructed.append(node))
    text = "big: &b " + "x" * 100_000 + "\nuses: [" + ",".join(["*b"] * 3_000) + "]\n"
    assert 108_000 < len(text) < 110_000
    with pytest.raises(RubricError) as error:
        parse_rubric(text, "wide.yaml")
    assert str(error.value) == (
        "wide.yaml the file expands to more than 5,000,000 characters of text (through aliases): "
        "write each text out once instead of repeating it through an alias"
    )
    assert constructed == [], "refused before any of it is built"


def test_a_file_that_never_ends_is_read_only_up_to_the_size_limit(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "sipr_core", "validate", "/dev/zero"],
        capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 1
    assert done.stderr == "/dev/zero file is larger than 5 MB, the most a continuum file may hold\n"


def test_a_file_over_the_limit_says_the_limit(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * 5_000_000)
    with pytest.raises(RubricError) as error:
        load_rubric(big)
    assert [p.message for p in error.value.problems] == [
        "file is larger than 5 MB, the most a continuum file may hold"
    ]


def test_a_floor_that_shares_a_level_id_is_reported(problems_of):
    text = mutated("levels:\n", "floor: {id: done, name: Not started}\nlevels:\n")
    assert problems_of(text) == ['x.yaml:12 levels[2].id: duplicate level id "done" (also at floor.id)']
