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
