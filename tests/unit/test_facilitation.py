import re

import pytest
from source_text import SEEDS, normalise

from sipr_core.facilitation import guided_order, reflection_prompts
from sipr_core.loader import BUILTIN_RUBRICS, load_library
from sipr_core.rubric import Activity, Rubric

TOOLKIT_SEED = "004_115798a924ce0833.txt"
SHIPPED = load_library([BUILTIN_RUBRICS])


def test_guided_mode_starts_from_the_highest_level(collaboration):
    assert [level.name for level in guided_order(collaboration)] == [
        "Accomplished (Collaborative)", "Evolving", "Developing", "Beginning (Individualistic)"
    ]


def questions_in_seed(activity_title: str) -> list[str]:
    """The bulleted questions the toolkit prints under one activity, up to the next section."""
    if not SEEDS.is_dir():
        pytest.skip(f"source documents not found: the verbatim tests expect the seed files in {SEEDS}")
    text = (SEEDS / TOOLKIT_SEED).read_text(encoding="utf-8")
    block = re.search(rf"^{re.escape(activity_title)}\n(.*?)(?=^Section |^Activity |\Z)", text, re.M | re.S)
    assert block, f"{activity_title} not found in {TOOLKIT_SEED}"
    return [normalise(line) for line in re.findall(r"^ - (.+)$", block.group(1), re.M)]


@pytest.mark.parametrize("rubric_id", sorted(SHIPPED.rubrics))
def test_each_shipped_continuum_asks_only_the_questions_its_own_source_prints(rubric_id):
    rubric = SHIPPED.get(rubric_id)
    expected = [q for a in rubric.activities for q in questions_in_seed(a.title)]
    if rubric.source.seed_file != TOOLKIT_SEED:
        assert not rubric.activities  # SIPR and the Leadership System print no questions of their own
    assert [normalise(p) for p in reflection_prompts(rubric)] == expected


def test_the_toolkit_continua_keep_their_own_questions(collaboration, library):
    assert reflection_prompts(collaboration) == [
        "What causal theories might the team have regarding your current ratings?",
        "What barriers exist to shifting the culture?",
        "What actions might the team consider to begin the shift? To maintain the shift?",
    ]
    assert reflection_prompts(library.get("micip-maintaining-balance")) == [
        "What function, roles and responsibilities do buildings have?",
        "What functions, roles and responsibilities do districts have?",
        "What functions, roles and responsibilities are held in common?",
    ]


@pytest.mark.parametrize("rubric_id", ["sipr-practice-profile", "sipr-earlier-strategies-3-4", "leadership-system"])
def test_sipr_and_the_leadership_system_borrow_no_toolkit_questions(library, rubric_id):
    assert reflection_prompts(library.get(rubric_id)) == []


def test_a_district_file_that_names_its_own_questions_gets_them(leadership):
    activity = Activity(id="review", title="Annual review", prompts=["Which practice needs time this year?"])
    own = Rubric.model_validate({**leadership.model_dump(), "activities": [activity.model_dump()]})
    assert reflection_prompts(own) == ["Which practice needs time this year?"]


# --- the readiness checklist ------------------------------------------------------------------------


def test_the_readiness_checklist_is_the_toolkits_micip_mindset_verbatim(collaboration):
    from sipr_core.facilitation import readiness_checklist

    [mindset] = [s for s in collaboration.guide if s.title == "MICIP Mindset"]
    assert readiness_checklist(collaboration) == list(mindset.items)
    assert readiness_checklist(collaboration)[0] == "Ongoing improvement cycles that are collaborative and district-driven."
    assert readiness_checklist(SHIPPED.get("micip-maintaining-balance")) == list(mindset.items)


@pytest.mark.parametrize("rubric_id", ["sipr-practice-profile", "leadership-system"])
def test_a_continuum_without_facilitator_readiness_has_no_checklist(rubric_id):
    from sipr_core.facilitation import readiness_checklist

    assert readiness_checklist(SHIPPED.get(rubric_id)) == []


def test_the_checklist_is_the_first_list_from_facilitator_readiness_on_and_none_without_one(collaboration):
    from sipr_core.facilitation import readiness_checklist

    data = collaboration.model_dump(mode="json")
    guide = data["guide"]
    data["guide"] = [guide[0] | {"items": ["Read the rubric."]}, *guide[1:]]
    assert readiness_checklist(Rubric.model_validate(data)) == ["Read the rubric."]
    data["guide"] = [guide[0] | {"title": "Before you start"}, *guide[1:]]
    assert readiness_checklist(Rubric.model_validate(data)) == []
    data["guide"] = [guide[0]]
    assert readiness_checklist(Rubric.model_validate(data)) == []


# --- the guided walk, and its question -----------------------------------------------------------------


def test_the_guided_question_asks_about_the_district_or_a_building_teams_school():
    from sipr_core.facilitation import guided_question

    assert guided_question(False) == "To what extent does this describe your district?"
    assert guided_question(True) == "To what extent does this describe your school?"


def test_a_session_that_names_its_school_is_a_building_teams():
    from datetime import date

    from sipr_core.session import SessionInfo

    fields = dict(id="s", code="C", district="Riverside", team="CI team", held_on=date(2026, 1, 1),
                  rubric_id="r", fingerprint="f", facilitator="Ana", series="x", created_at="")  # fmt: skip
    assert SessionInfo(school="Oak Middle", **fields).building_team
    assert not SessionInfo(school="", **fields).building_team


@pytest.mark.parametrize("rubric_id", sorted(SHIPPED.rubrics))
def test_the_walk_goes_down_one_level_a_step_from_the_highest_and_stops_at_the_lowest(rubric_id):
    from sipr_core.facilitation import guided_step

    rubric = SHIPPED.get(rubric_id)
    walked = [guided_step(rubric, step) for step in range(len(rubric.levels) + 2)]
    count = len(rubric.levels)
    assert [level.id for level, _ in walked[:count]] == [level.id for level in reversed(rubric.levels)]
    assert [last for _, last in walked] == [False] * (count - 1) + [True] * 3
    assert walked[count:] == [walked[count - 1]] * 2
    assert guided_step(rubric, -1) == walked[0]


def test_the_collaboration_walk_starts_at_accomplished(collaboration):
    from sipr_core.facilitation import guided_step

    assert guided_step(collaboration, 0)[0].name == "Accomplished (Collaborative)"
    assert guided_step(collaboration, 3) == (collaboration.levels[0], True)
