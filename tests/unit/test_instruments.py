"""The five built-in instruments: they load, they have the source's shape, and they quote the source.

The verbatim tests compare every source-derived string with the seed documents in
``/work/shared/seeds`` (see ``tests/source_text.py``). Every exception is listed here, by rubric
and path, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from source_text import SEEDS, in_source, normalise, seed_text, split_in_source

from sipr_core import Library, Rubric, load_library
from sipr_core.loader import BUILTIN_RUBRICS

RUBRIC_IDS = [
    "leadership-system",
    "micip-collaboration",
    "micip-maintaining-balance",
    "sipr-earlier-strategies-3-4",
    "sipr-practice-profile",
]
SIPR_IDS = ["sipr-practice-profile", "sipr-earlier-strategies-3-4"]

LEADERSHIP_ROWS = [
    "1", "2", "3a", "3b", "4", "5a", "5b", "6a", "6b", "7", "8a", "8b", "9", "10a", "10b",
    "11a", "11b", "12a", "12b", "13", "14", "15a", "15b", "16", "17", "18", "19a", "19b",
]  # fmt: skip

COMPLETE_STRATEGY_4 = ("sipr-practice-profile", "groups[3].description")
"""The complete edition prints Strategy 2's paragraph under Strategy 4 (a source defect); the file
takes Strategy 4's own paragraph from the separate Part 4 handout instead."""

OTHER_SEED = {COMPLETE_STRATEGY_4: "000_ca6716c36dc66949.txt"}
"""Strings taken, on purpose and with a note, from a seed other than the rubric's own."""

PAGE_BREAK_JOINS = {
    "leadership-system": 0,
    "micip-collaboration": 0,
    "micip-maintaining-balance": 0,
    "sipr-earlier-strategies-3-4": 3,
    "sipr-practice-profile": 0,
}

CASE_ONLY_DIFFERENCES = {
    # GETTING STARTED, GETTING BETTER, KEEP IMPROVING in the table headers.
    "leadership-system": ["levels[0].name", "levels[1].name", "levels[2].name"],
    "micip-collaboration": [],
    "micip-maintaining-balance": [],
    # Acceptable IMPLEMENTATION, Acceptable SCALE in the separate handouts.
    "sipr-earlier-strategies-3-4": ["dimensions[0].name", "dimensions[1].name"],
    "sipr-practice-profile": [],
}
CASE_INSENSITIVE_KINDS = {"level name", "dimension name"}
"""Only these strings may differ from the source in letter case, and only where listed above."""


@dataclass(frozen=True)
class Quote:
    """One string of a rubric that claims to be the source's text."""

    path: str
    kind: str
    text: str
    notes: tuple[str, ...] = ()


@pytest.fixture(scope="module")
def builtin_library() -> Library:
    """The rubrics of the built-in folder only, whatever SIPR_RUBRICS says."""
    return load_library([BUILTIN_RUBRICS])


@pytest.fixture(scope="module")
def earlier_sipr(builtin_library: Library) -> Rubric:
    return builtin_library.get("sipr-earlier-strategies-3-4")


@pytest.fixture(scope="module")
def complete_sipr(builtin_library: Library) -> Rubric:
    return builtin_library.get("sipr-practice-profile")


@pytest.fixture(scope="module")
def seeds_folder():
    """The folder of source documents; the verbatim tests skip when it is absent."""
    if not SEEDS.is_dir():
        pytest.skip(f"source documents not found: the verbatim tests expect the seed files in {SEEDS}")
    return SEEDS


def seed_names(rubric: Rubric) -> list[str]:
    assert rubric.source.seed_file, f"{rubric.id} names no seed_file"
    return [name.strip() for name in rubric.source.seed_file.split(",")]


def source_of(names: list[str]) -> str:
    # normalise() makes every whitespace a space, so a quote can never match across the "\n".
    return "\n".join(seed_text(name) for name in names)


def quotes(rubric: Rubric) -> list[Quote]:
    """Every source-derived string: not ids, labels, notes, source, terms, nor fields listed in ``added``."""
    found: list[Quote] = []

    def own(obj, path: str, kind: str, fields: list[str]) -> None:
        for field in fields:
            value = getattr(obj, field)
            if value is not None and field not in getattr(obj, "added", []):
                found.append(Quote(f"{path}.{field}" if path else field, f"{kind} {field}", value))

    own(rubric, "", "rubric", ["title", "description"])
    for i, level in enumerate(rubric.levels):
        own(level, f"levels[{i}]", "level", ["name", "meaning"])
    if rubric.floor is not None:
        own(rubric.floor, "floor", "level", ["name", "meaning"])
    for i, dimension in enumerate(rubric.dimensions):
        own(dimension, f"dimensions[{i}]", "dimension", ["name", "description"])
    for gi, group in enumerate(rubric.groups):
        own(group, f"groups[{gi}]", "group", ["title", "description"])
        for si, subgroup in enumerate(group.subgroups):
            found.append(Quote(f"groups[{gi}].subgroups[{si}].title", "subgroup title", subgroup.title))
        for ri, row in enumerate(group.rows):
            row_path = f"groups[{gi}].rows[{ri}]"
            own(row, row_path, "row", ["title"])
            cells = row.dimensions.items() if row.dimensions is not None else [(None, row)]
            for key, cell in cells:
                path = f"{row_path}.dimensions.{key}" if key else row_path
                notes = tuple(cell.notes)
                if cell.text is not None:
                    found.append(Quote(f"{path}.text", "cell text", cell.text, notes))
                for level, text in (cell.descriptors or {}).items():
                    found.append(Quote(f"{path}.descriptors.{level}", "descriptor", text, notes))
                for i, text in enumerate(cell.criteria or []):
                    found.append(Quote(f"{path}.criteria[{i}]", "criterion", text, notes))
    for ai, activity in enumerate(rubric.activities):
        path = f"activities[{ai}]"
        own(activity, path, "activity", ["title", "introduction", "duration"])
        found += [Quote(f"{path}.steps[{i}]", "step", text) for i, text in enumerate(activity.steps)]
        found += [Quote(f"{path}.prompts[{i}]", "prompt", text) for i, text in enumerate(activity.prompts)]
    for si, section in enumerate(rubric.guide):
        path = f"guide[{si}]"
        found.append(Quote(f"{path}.title", "guide title", section.title))
        found += [Quote(f"{path}.paragraphs[{i}]", "guide paragraph", t) for i, t in enumerate(section.paragraphs)]
        found += [Quote(f"{path}.items[{i}]", "guide item", t) for i, t in enumerate(section.items)]
    for ri, reading in enumerate(rubric.readings):
        for si, section in enumerate(reading.sections):
            path = f"readings[{ri}].sections[{si}]"
            found.append(Quote(f"{path}.title", "reading title", section.title))
            found += [Quote(f"{path}.paragraphs[{i}]", "reading paragraph", t) for i, t in enumerate(section.paragraphs)]
            found += [Quote(f"{path}.items[{i}]", "reading item", t) for i, t in enumerate(section.items)]
    return found


def split_points(text: str, source: str) -> list[tuple[str, str]]:
    """The ways ``text`` splits into two pieces that each appear in the source."""
    words = normalise(text).split(" ")
    pieces = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    return [(head, tail) for head, tail in pieces if head in source and tail in source]


def notes_the_join(quote: Quote, source: str) -> bool:
    """A note of the cell says "Joined across a page break" and quotes both pieces of one split."""
    notes = [normalise(note) for note in quote.notes if "joined across a page break" in note.lower()]
    splits = split_points(quote.text, source)
    return any(f'"{head}"' in note and f'"{tail}"' in note for note in notes for head, tail in splits)


@dataclass
class Verdict:
    exact: list[str]
    case_only: list[str]
    joined: list[str]
    missing: list[str]


def verbatim(rubric: Rubric) -> Verdict:
    """Sort every quote of the rubric by how it matches its seed documents."""
    own_source = source_of(seed_names(rubric))
    verdict = Verdict([], [], [], [])
    for quote in quotes(rubric):
        other = OTHER_SEED.get((rubric.id, quote.path))
        source = source_of([other]) if other else own_source
        if in_source(quote.text, source):
            verdict.exact.append(quote.path)
        elif quote.kind in CASE_INSENSITIVE_KINDS and normalise(quote.text).lower() in source.lower():
            verdict.case_only.append(quote.path)
        elif split_in_source(quote.text, source) and notes_the_join(quote, source):
            verdict.joined.append(quote.path)
        else:
            verdict.missing.append(f"{quote.path}: {quote.text!r}")
    return verdict


# --- every file loads ---------------------------------------------------------------------------


def test_the_built_in_folder_holds_five_rubrics_and_no_problems(builtin_library):
    assert [str(p) for p in builtin_library.problems] == []
    assert sorted(builtin_library.rubrics) == RUBRIC_IDS


def test_every_yaml_file_in_rubrics_is_one_of_the_five(builtin_library):
    assert sorted(path.stem for path in BUILTIN_RUBRICS.glob("*.y*ml")) == RUBRIC_IDS
    assert {name.split("/")[-1] for name in builtin_library.files.values()} == {f"{r}.yaml" for r in RUBRIC_IDS}


# --- the shape of each instrument ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("rubric_id", "rows_per_group"),
    [
        ("sipr-practice-profile", {"strategy-1": 5, "strategy-2": 5, "strategy-3": 3, "strategy-4": 5}),
        ("sipr-earlier-strategies-3-4", {"strategy-3": 3, "strategy-4": 5}),
        (
            "leadership-system",
            {"identity": 2, "relationships": 5, "climate-culture": 5, "capacity": 7, "resources": 4, "systems": 5},
        ),
        ("micip-collaboration", {"culture": 6}),
        ("micip-maintaining-balance", {"balance": 6}),
    ],
)
def test_each_instrument_has_the_sources_groups_and_rows_per_group(builtin_library, rubric_id, rows_per_group):
    rubric = builtin_library.get(rubric_id)
    assert {group.id: len(group.rows) for group in rubric.groups} == rows_per_group
    assert [group.id for group in rubric.groups] == list(rows_per_group)
    assert rubric.row_count() == sum(rows_per_group.values())


@pytest.mark.parametrize(
    ("rubric_id", "row_ids"),
    [
        (
            "sipr-practice-profile",
            ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5",
             "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "4.4", "4.5"],
        ),
        ("sipr-earlier-strategies-3-4", ["3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "4.4", "4.5"]),
        ("leadership-system", LEADERSHIP_ROWS),
        ("micip-collaboration", ["vision", "policies", "routines", "goal-setting", "planning", "decisions"]),
        ("micip-maintaining-balance", ["team", "needs", "goals", "barriers", "communication", "monitoring"]),
    ],
)  # fmt: skip
def test_each_instrument_has_its_row_ids_in_source_order(builtin_library, rubric_id, row_ids):
    assert [row.id for _, row in builtin_library.get(rubric_id).rows()] == row_ids


def test_sipr_complete_edition_has_18_characteristics(complete_sipr):
    assert complete_sipr.row_count() == 18


@pytest.mark.parametrize(
    ("rubric_id", "levels"),
    [
        ("sipr-practice-profile", {"not-yet": "Not yet", "emerging": "Emerging", "approaching": "Approaching",
                                   "acceptable": "Acceptable"}),
        ("sipr-earlier-strategies-3-4", {"not-yet": "Not yet", "emerging": "Emerging", "approaching": "Approaching",
                                         "acceptable": "Acceptable"}),
        ("leadership-system", {"getting-started": "Getting Started", "getting-better": "Getting Better",
                               "keep-improving": "Keep Improving"}),
        ("micip-collaboration", {"beginning": "Beginning (Individualistic)", "developing": "Developing",
                                 "evolving": "Evolving", "accomplished": "Accomplished (Collaborative)"}),
        ("micip-maintaining-balance", {"needs-creating": "Needs to be created",
                                       "needs-strengthening": "Needs strengthening", "in-place": "In place"}),
    ],
)  # fmt: skip
def test_each_instrument_has_its_levels_from_lowest_to_highest(builtin_library, rubric_id, levels):
    assert {level.id: level.name for level in builtin_library.get(rubric_id).levels} == levels
    assert builtin_library.get(rubric_id).level_ids() == list(levels)


@pytest.mark.parametrize(
    ("rubric_id", "dimensions"),
    [
        ("sipr-practice-profile", {"implementation": "Acceptable Implementation", "scale": "Acceptable Scale"}),
        ("sipr-earlier-strategies-3-4", {"implementation": "Acceptable Implementation", "scale": "Acceptable Scale"}),
        ("leadership-system", {}),
        ("micip-collaboration", {}),
        (
            "micip-maintaining-balance",
            {"building": "Building Team Functions", "collaborative": "Collaborative Function",
             "district": "District Team Functions"},
        ),
    ],
)  # fmt: skip
def test_each_instrument_has_its_dimensions(builtin_library, rubric_id, dimensions):
    assert {d.id: d.name for d in builtin_library.get(rubric_id).dimensions} == dimensions


def test_leadership_system_has_6_areas_19_practices_and_28_indicators(leadership):
    assert len(leadership.groups) == 6
    subgroups = [s.id for group in leadership.groups for s in group.subgroups]
    assert subgroups == [f"p{n}" for n in range(1, 20)]
    assert leadership.row_count() == 28
    assert [row.id for _, row in leadership.rows()] == LEADERSHIP_ROWS


def test_every_leadership_indicator_belongs_to_a_practice_and_carries_its_title(leadership):
    for group in leadership.groups:
        practices = {s.id: s.title for s in group.subgroups}
        used = {row.subgroup for row in group.rows}
        assert used == set(practices), group.id
        for row in group.rows:
            assert row.title == practices[row.subgroup], row.id


def test_leadership_indicators_are_numbered_by_their_practice(leadership):
    for _, row in leadership.rows():
        assert row.subgroup == "p" + re.match(r"\d+", row.id).group(), row.id


@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
def test_every_cell_with_descriptors_has_text_for_every_level(builtin_library, rubric_id):
    rubric = builtin_library.get(rubric_id)
    for _, row in rubric.rows():
        for key, cell in row.cells().items():
            if cell.descriptors is not None:
                assert list(cell.descriptors) == rubric.level_ids(), (row.id, key)
                assert all(text.strip() for text in cell.descriptors.values()), (row.id, key)


@pytest.mark.parametrize(
    ("rubric_id", "rated_by"),
    [
        ("leadership-system", "descriptors"),
        ("micip-collaboration", "descriptors"),
        ("micip-maintaining-balance", "text"),
        ("sipr-earlier-strategies-3-4", "criteria"),
        ("sipr-practice-profile", "criteria"),
    ],
)
def test_every_cell_of_an_instrument_is_rated_the_same_way(builtin_library, rubric_id, rated_by):
    rubric = builtin_library.get(rubric_id)
    for _, row in rubric.rows():
        assert list(row.cells()) == rubric.dimension_ids(), row.id
        for key, cell in row.cells().items():
            assert getattr(cell, rated_by), (row.id, key)


@pytest.mark.parametrize("rubric_id", SIPR_IDS)
def test_sipr_rows_have_non_empty_implementation_and_scale_criteria(builtin_library, rubric_id):
    for _, row in builtin_library.get(rubric_id).rows():
        assert row.dimensions is not None and list(row.dimensions) == ["implementation", "scale"], row.id
        for key, cell in row.dimensions.items():
            assert isinstance(cell.criteria, list) and cell.criteria, (row.id, key)
            assert all(criterion.strip() for criterion in cell.criteria), (row.id, key)
            assert cell.descriptors is None and cell.text is None, (row.id, key)


@pytest.mark.parametrize("rubric_id", SIPR_IDS)
def test_sipr_level_scale_needs_every_criterion_for_its_top_level(builtin_library, rubric_id):
    rubric = builtin_library.get(rubric_id)
    assert rubric.suggests_levels()
    assert rubric.levels[-1].min_share == 1.0
    assert [(lv.min_count, lv.min_share) for lv in rubric.levels] == [(None, None), (1, None), (None, 0.5), (None, 1.0)]


@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
def test_every_rubric_names_its_source_document_and_seed_files(builtin_library, rubric_id):
    rubric = builtin_library.get(rubric_id)
    assert rubric.source.document.strip()
    assert seed_names(rubric)
    assert all(re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", name) for name in seed_names(rubric))


@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
def test_every_seed_file_a_rubric_names_exists(builtin_library, seeds_folder, rubric_id):
    for name in seed_names(builtin_library.get(rubric_id)):
        assert (seeds_folder / name).is_file(), name


# --- verbatim ----------------------------------------------------------------------------------


@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
def test_every_source_derived_string_is_in_the_source(builtin_library, seeds_folder, rubric_id):
    assert verbatim(builtin_library.get(rubric_id)).missing == []


@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
def test_cells_joined_across_a_page_break_are_counted_and_noted(builtin_library, seeds_folder, rubric_id):
    assert len(verbatim(builtin_library.get(rubric_id)).joined) == PAGE_BREAK_JOINS[rubric_id]


def test_the_earlier_edition_joins_exactly_these_cells(earlier_sipr, seeds_folder):
    assert verbatim(earlier_sipr).joined == [
        "groups[0].rows[0].dimensions.implementation.criteria[2]",
        "groups[1].rows[1].dimensions.implementation.criteria[0]",
        "groups[1].rows[1].dimensions.scale.criteria[0]",
    ]


@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
def test_only_the_listed_level_and_dimension_names_differ_from_the_source_in_case(
    builtin_library, seeds_folder, rubric_id
):
    assert verbatim(builtin_library.get(rubric_id)).case_only == CASE_ONLY_DIFFERENCES[rubric_id]


def test_the_verbatim_check_catches_one_changed_word(collaboration, seeds_folder):
    data = collaboration.model_dump()
    data["groups"][0]["rows"][2]["descriptors"]["developing"] = "Collaborative routines are unclear."
    changed = Rubric.model_validate(data)
    assert verbatim(changed).missing == [
        "groups[0].rows[2].descriptors.developing: 'Collaborative routines are unclear.'"
    ]


def test_a_split_cell_without_a_note_is_not_accepted(earlier_sipr, seeds_folder):
    cell = earlier_sipr.row("3.1").dimensions["implementation"]
    quote = Quote("x", "criterion", cell.criteria[2])
    source = source_of(seed_names(earlier_sipr))
    assert split_in_source(quote.text, source)
    assert not notes_the_join(quote, source)
    assert notes_the_join(Quote("x", "criterion", cell.criteria[2], tuple(cell.notes)), source)


def test_the_verbatim_check_leaves_out_ids_labels_notes_and_added_fields(collaboration):
    paths = {quote.path for quote in quotes(collaboration)}
    assert "title" in paths and "description" in paths
    assert "groups[0].title" in paths
    assert "groups[0].rows[0].title" not in paths  # added: [title, label]
    assert "levels[0].name" in paths and "levels[1].name" in paths
    assert not any(p.endswith((".id", ".label", ".notes")) or ".notes[" in p for p in paths)
    assert {"activities[0].duration", "activities[1].steps[0]", "activities[1].prompts[2]"} <= paths
    assert {"guide[0].title", "guide[0].paragraphs[0]", "guide[1].items[3]", "guide[3].items[0]"} <= paths
    assert {"readings[0].sections[0].paragraphs[2]", "readings[0].sections[1].items[2]"} <= paths


def test_handout_1_is_the_toolkits_section_one_and_learner_outcomes_whole(collaboration):
    [reading] = collaboration.readings
    assert (reading.id, reading.name) == ("micip-introduction", "Handout 1")
    assert [s.title for s in reading.sections] == [
        "Section One: The Importance of a District-led Continuous Improvement Process", "Learner Outcomes"
    ]  # fmt: skip
    assert [len(s.paragraphs) for s in reading.sections] == [3, 0]
    assert [len(s.items) for s in reading.sections] == [0, 3]


def test_both_toolkit_continua_carry_the_toolkits_facilitator_guide(builtin_library):
    collaboration = builtin_library.get("micip-collaboration")
    assert [s.title for s in collaboration.guide] == [
        "Facilitator Readiness", "MICIP Mindset", "Additional Considerations for Support",
        "Optional Reading to Support Deeper Learning",
    ]  # fmt: skip
    assert builtin_library.get("micip-maintaining-balance").guide == collaboration.guide
    assert [r.id for r in builtin_library.rubrics.values() if r.guide] == ["micip-collaboration", "micip-maintaining-balance"]


# --- known source defects, handled on purpose ----------------------------------------------------


def test_complete_edition_strategy_4_description_is_strategy_4s_own(complete_sipr, earlier_sipr):
    strategy_2, strategy_4 = complete_sipr.groups[1], complete_sipr.groups[3]
    assert strategy_4.id == "strategy-4"
    assert strategy_4.description == earlier_sipr.groups[1].description
    assert strategy_4.description != strategy_2.description
    assert strategy_4.description.startswith("Districts shape their organizational cultures")


def test_complete_edition_strategy_4_has_a_note_on_its_borrowed_description(complete_sipr):
    [note] = complete_sipr.groups[3].notes
    assert "repeats Strategy 2's description" in note
    assert "000_ca6716c36dc66949.txt" in note


def test_complete_edition_source_really_repeats_strategy_2_under_strategy_4(complete_sipr, seeds_folder):
    complete = source_of(seed_names(complete_sipr))
    assert complete.count(normalise(complete_sipr.groups[1].description)) == 2
    assert not in_source(complete_sipr.groups[3].description, complete)
    assert in_source(complete_sipr.groups[3].description, seed_text(OTHER_SEED[COMPLETE_STRATEGY_4]))


def test_strategy_2_characteristic_1_scale_repeats_its_implementation_criteria_with_a_note(complete_sipr):
    cells = complete_sipr.row("2.1").dimensions
    assert cells["scale"].criteria == cells["implementation"].criteria
    [note] = cells["scale"].notes
    assert "word for word the Acceptable Implementation cell" in note
    assert cells["implementation"].notes == []


def test_no_other_sipr_cell_repeats_its_implementation_criteria(complete_sipr, earlier_sipr):
    for rubric in (complete_sipr, earlier_sipr):
        cells = {row.id: row.dimensions for _, row in rubric.rows()}
        same = [row_id for row_id, cell in cells.items() if cell["scale"].criteria == cell["implementation"].criteria]
        assert same == (["2.1"] if rubric is complete_sipr else []), rubric.id


# --- the two SIPR editions ---------------------------------------------------------------------


def all_text(rubric: Rubric) -> str:
    return " ".join(quote.text for quote in quotes(rubric))


@pytest.mark.parametrize("words", ["disproportionality", "social justice"])
def test_the_earlier_edition_has_its_distinctive_words_and_the_complete_one_does_not(
    earlier_sipr, complete_sipr, words
):
    assert words in all_text(earlier_sipr)
    assert words not in all_text(complete_sipr)


def test_the_earlier_edition_title_of_4_4_names_equity(earlier_sipr, complete_sipr):
    assert "equity" in earlier_sipr.row("4.4").title
    assert "equity" not in complete_sipr.row("4.4").title


def test_the_editions_share_strategy_3_and_4_row_ids_and_dimensions(earlier_sipr, complete_sipr):
    complete_rows = [row.id for group, row in complete_sipr.rows() if group.id in ("strategy-3", "strategy-4")]
    assert [row.id for _, row in earlier_sipr.rows()] == complete_rows
    assert earlier_sipr.dimensions == complete_sipr.dimensions
    assert earlier_sipr.levels == complete_sipr.levels


@pytest.mark.parametrize("rubric_id", RUBRIC_IDS)
def test_a_continuum_text_kept_before_the_guide_existed_keeps_its_fingerprint(builtin_library, rubric_id):
    """Sessions and session files keep the fingerprint of the text they were rated against; a file is
    refused as damaged when the two differ. The fingerprint as it was made before ``guide``, ``floor`` and
    ``readings`` were added:"""
    import hashlib
    import json

    kept = builtin_library.get(rubric_id).model_dump(mode="json")
    kept.pop("guide")
    kept.pop("floor")
    kept.pop("readings")
    before = "sha256:" + hashlib.sha256(
        json.dumps(kept, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    assert Rubric.model_validate(kept).fingerprint() == before
