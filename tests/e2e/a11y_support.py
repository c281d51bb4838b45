"""The accessibility checks of the browser tests: axe-core's WCAG 2.0/2.1 A and AA rules on a page.

``assert_accessible(page, state)`` runs axe-core (shipped by the pip package axe-playwright-python)
in the page and fails on any violation, naming the rule, each element and axe's help text. Where
Streamlit's own markup breaks a rule that the app cannot fix, the violation is listed in
``STREAMLIT_EXCEPTIONS`` below with why; nothing else is ever left out of the count.
"""

from __future__ import annotations

from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from browser_support import READY

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
"""axe-core's tags of the WCAG 2.0 and 2.1 success criteria at levels A and AA."""


@dataclass(frozen=True)
class Excused:
    """A violation in Streamlit's own markup that the app cannot change: its rule, a CSS selector
    that picks exactly the offending elements, and why it cannot be fixed from the app."""

    rule: str
    selector: str
    why: str


STREAMLIT_EXCEPTIONS: list[Excused] = [
    # Keep this list short: each entry is a rule we do not meet and must say why.
]

_AXE = Axe()


def violations(page, exceptions: list[Excused] = STREAMLIT_EXCEPTIONS) -> list[dict]:
    """axe-core's WCAG A/AA violations on the page as it stands, less the named exceptions (an app page
    is first let finish its run; a downloaded file has no Streamlit in it)."""
    if page.locator('[data-testid="stApp"]').count():
        page.wait_for_selector(READY)
    results = _AXE.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]},
    ).response["violations"]
    found = []
    for violation in results:
        excused = [e.selector for e in exceptions if e.rule == violation["id"]]
        nodes = [n for n in violation["nodes"] if not (excused and _matches(page, n, excused))]
        if nodes:
            found.append({**violation, "nodes": nodes})
    return found


def _matches(page, node: dict, selectors: list[str]) -> bool:
    """Whether the element axe reported (its CSS path) is one the named exceptions pick out."""
    target = node["target"][-1] if isinstance(node["target"][-1], str) else node["target"][-1][-1]
    return bool(
        page.evaluate(
            "([target, selectors]) => { const el = document.querySelector(target);"
            " return !!el && selectors.some(s => el.matches(s)); }",
            [target, selectors],
        )
    )


def report(found: list[dict]) -> str:
    """One paragraph per violated rule: its id, impact and help, then each element and what is wrong."""
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}")
            lines.append(f"    {node['html'][:240]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"    {summary[:400]}")
    return "\n".join(lines)


def assert_accessible(page, state: str) -> None:
    """Fail, listing every rule, element and help text, when the page breaks a WCAG 2.1 A/AA rule."""
    found = violations(page)
    count = sum(len(v["nodes"]) for v in found)
    assert not found, f"{state}: {count} element(s) break WCAG 2.1 AA rules\n{report(found)}"
