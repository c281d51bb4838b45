from sipr_core.facilitation import guided_order, reflection_prompts
from sipr_core.loader import Library


def test_guided_mode_starts_from_the_highest_level(collaboration):
    assert [level.name for level in guided_order(collaboration)] == [
        "Accomplished (Collaborative)", "Evolving", "Developing", "Beginning (Individualistic)"
    ]


def test_a_toolkit_continuum_uses_its_own_reflection_prompts(library):
    balance = library.get("micip-maintaining-balance")
    assert reflection_prompts(balance, library) == [p for a in balance.activities for p in a.prompts]


def test_other_continua_borrow_the_toolkits_activity_2_prompts(library, leadership):
    assert reflection_prompts(leadership, library) == [
        "What causal theories might the team have regarding your current ratings?",
        "What barriers exist to shifting the culture?",
        "What actions might the team consider to begin the shift? To maintain the shift?",
    ]


def test_without_the_toolkit_in_the_library_there_are_no_borrowed_prompts(leadership):
    assert reflection_prompts(leadership, Library()) == []
