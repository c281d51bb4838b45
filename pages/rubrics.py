"""Rubrics: read every continuum in full with its provenance; check and add a district's own."""

from __future__ import annotations

import os

import streamlit as st

from pages.common import attempt, esc, facilitates_here, level_cards, library, through_app
from pages.guide import facilitator_guide
from sipr_core import (
    DEFAULT_DIMENSION,
    EXAMPLE,
    RUBRICS_ENV,
    UPLOADS_ENV,
    Cell,
    Level,
    Library,
    Problem,
    Row,
    Rubric,
    RubricError,
    check_upload,
    counted,
    display_name,
    district_folder,
    handout_file_name,
    handout_pdf,
    reading_file_name,
    reading_pdf,
    save_rubric,
    uploads_refused,
)

through_app()

READ, ADD = "Read a continuum", "Add your district's continuum"
FIELD_WORDS = {"label": "chart label"}


# --- small pieces of text ---------------------------------------------------------------------


def lines(text: str) -> str:
    """Escaped text whose line breaks stay line breaks."""
    return esc(text).replace("\n", "  \n")


def bullets(items: list[str], numbered: bool = False) -> str:
    return "\n".join(f"{f'{i}.' if numbered else '-'} {lines(item)}" for i, item in enumerate(items, 1))


def ours(added: list[str], *fields: str) -> str:
    """'(title and chart label added by us)' for the shown fields that are not source text."""
    names = [FIELD_WORDS.get(f, f) for f in fields if f in added]
    return f"({' and '.join(names)} added by us, not in the source)" if names else ""


def notes(items: list[str]) -> None:
    for note in items:
        st.caption(f":material/info: Note: {lines(note)}")


def threshold(level: Level) -> str | None:
    """When the app suggests this level, in words (the rule itself is sipr_core.suggest_level)."""
    parts = []
    if level.min_count:
        parts.append(
            f"at least {counted(level.min_count, 'criterion')} ticked"
        )
    if level.min_share:
        if level.min_share >= 1:
            parts.append("every criterion ticked")
        elif level.min_share == 0.5:
            parts.append("at least half of the criteria ticked")
        else:
            parts.append(f"at least {level.min_share:.0%} of the criteria ticked")
    return "Suggested with " + " and ".join(parts) if parts else None


def show_problems(problems: list[Problem], intro: str) -> None:
    listed = "\n".join(f"- {esc(str(problem))}" for problem in problems)
    st.error(f"{intro}\n\n{listed}", icon=":material/error:")


# --- one continuum in full --------------------------------------------------------------------


def provenance(rubric: Rubric, file: str | None) -> None:
    source = rubric.source
    facts = [
        ("Source document", source.document),
        ("Part", source.part),
        ("Edition", source.edition),
        ("Publisher", source.publisher),
        ("Source text file", source.seed_file),
        ("File in this app", file),
    ]
    with st.container(border=True):
        st.markdown("  \n".join(f"**{name}:** {esc(value)}" for name, value in facts if value))


def level_scale(rubric: Rubric) -> None:
    st.subheader("Levels, lowest first")
    columns = st.columns(len(rubric.levels))
    for column, level in zip(columns, rubric.levels, strict=True):
        with column.container(border=True, height="stretch"):
            st.markdown(f"**{esc(level.name)}**")
            if level.label and level.label != level.name:
                st.caption(f"Chart label: {esc(level.label)}")
            if level.meaning:
                st.markdown(lines(level.meaning))
            words = threshold(level)
            if words:
                st.caption(words)
            if ours(level.added, "name", "label", "meaning"):
                st.caption(ours(level.added, "name", "label", "meaning"))
    if rubric.floor is not None:
        floor = rubric.floor
        st.markdown(
            f"Below the first level: **{esc(floor.name)}**, for a row the team discussed and found short of "
            f"{esc(rubric.levels[0].name)}. {esc(floor.meaning or '')}"
        )
        if ours(floor.added, "name", "label", "meaning"):
            st.caption(ours(floor.added, "name", "label", "meaning"))
    if rubric.suggests_levels():
        st.markdown(
            "For a cell with criteria, the team ticks the criteria that hold and the app suggests the "
            "highest level whose condition is met. The team can always choose another level."
        )


def dimensions(rubric: Rubric) -> None:
    if not rubric.dimensions:
        return
    st.subheader("Every row is rated on")
    columns = st.columns(len(rubric.dimensions))
    for column, dimension in zip(columns, rubric.dimensions, strict=True):
        with column.container(border=True, height="stretch"):
            st.markdown(f"**{esc(dimension.name)}**")
            if dimension.description:
                st.markdown(lines(dimension.description))
            if dimension.label and dimension.label != dimension.name:
                st.caption(f"Chart label: {esc(dimension.label)}")
            if ours(dimension.added, "name", "label", "description"):
                st.caption(ours(dimension.added, "name", "label", "description"))


def cell(rubric: Rubric, content: Cell) -> None:
    if content.text:
        st.markdown(lines(content.text))
    if content.criteria:
        st.markdown(bullets(content.criteria))
    if content.descriptors:
        st.html(level_cards(rubric, content, None))
    notes(content.notes)


def row(rubric: Rubric, item: Row, heading: str, size: str = "####") -> None:
    with st.container(border=True):
        st.markdown(f"{size} {esc(heading)}")
        facts = [f"Chart label: {esc(item.label)}"] if item.label else []
        if ours(item.added, "title", "label"):
            facts.append(ours(item.added, "title", "label"))
        if facts:
            st.caption(" · ".join(facts))
        if not rubric.dimensions:
            cell(rubric, item.cells()[DEFAULT_DIMENSION])
        else:
            cells = item.cells()
            side_by_side = not any(c.descriptors for c in cells.values())
            places = st.columns(len(rubric.dimensions)) if side_by_side else [st.container() for _ in cells]
            for place, dimension in zip(places, rubric.dimensions, strict=True):
                with place:
                    st.markdown(f"**{esc(dimension.name)}**")
                    cell(rubric, cells[dimension.id])
        notes(item.notes)


def row_heading(item: Row, term: str, subgroup_title: str | None) -> str:
    if item.title == subgroup_title:  # the Leadership System repeats the practice as the row title
        return f"{term} {item.id}"
    return f"{item.id} {item.title}" if item.id[:1].isdigit() else item.title


def groups(rubric: Rubric) -> None:
    terms = rubric.terms
    st.subheader("The full text")
    st.caption(f"One section per {esc(terms.group.lower())}; open a section to read it.")
    for number, group in enumerate(rubric.groups, 1):
        with st.expander(
            f"{esc(terms.group)} {number}: {esc(group.title)}", expanded=len(rubric.groups) == 1
        ):
            if group.description:
                st.markdown(lines(group.description))
            facts = [f"Chart label: {esc(group.label)}"] if group.label else []
            if ours(group.added, "title", "label", "description"):
                facts.append(ours(group.added, "title", "label", "description"))
            if facts:
                st.caption(" · ".join(facts))
            notes(group.notes)
            titles = {sub.id: sub.title for sub in group.subgroups}
            for sub in [*group.subgroups, None]:
                members = [r for r in group.rows if r.subgroup == (sub.id if sub else None)]
                if sub is not None and members:
                    st.markdown(f"#### {esc(terms.subgroup)}: {esc(sub.title)}")
                for item in members:
                    heading = row_heading(item, terms.row, titles.get(item.subgroup or ""))
                    row(rubric, item, heading, "#####" if sub is not None else "####")


def activities(rubric: Rubric) -> None:
    if not rubric.activities:
        return
    st.subheader("Activities from the source")
    for activity in rubric.activities:
        with st.expander(esc(activity.title)):
            if activity.introduction:
                st.markdown(f"*{lines(activity.introduction)}*")
            if activity.duration:
                st.caption(f":material/schedule: {lines(activity.duration)}")
            if activity.steps:
                st.markdown(bullets(activity.steps, numbered=True))
            if activity.prompts:
                st.markdown(bullets(activity.prompts))


def handout(rubric: Rubric, place: str) -> None:
    st.download_button(
        "Handout to print (PDF)",
        data=lambda: handout_pdf(rubric),
        file_name=handout_file_name(rubric),
        mime="application/pdf",
        icon=":material/print:",
        on_click="ignore",
        key=f"handout-{place}",
    )
    st.caption(
        "Every row with its full text, boxes to tick and room to write the evidence, on landscape A4 pages."
    )


def readings(rubric: Rubric, place: str) -> None:
    """The source's texts to read and discuss (the toolkit's Handout 1), each with its handout to print."""
    if not rubric.readings:
        return
    st.subheader("Readings from the source")
    for reading in rubric.readings:
        label = f"{esc(reading.name)}: {esc(reading.sections[0].title)}"
        with st.expander(label, icon=":material/menu_book:"):
            st.download_button(
                f"{esc(reading.name)} to print (PDF)",
                data=lambda reading=reading: reading_pdf(rubric, reading),
                file_name=reading_file_name(reading),
                mime="application/pdf",
                icon=":material/print:",
                on_click="ignore",
                key=f"reading-{place}-{reading.id}",
            )
            if reading.part:
                st.caption(f"Source: {esc(reading.part)}")
            for section in reading.sections:
                st.markdown(f"**{esc(section.title)}**")
                for text in section.paragraphs:
                    st.markdown(lines(text))
                if section.items:
                    st.markdown(bullets(section.items))


def continuum(rubric: Rubric, file: str | None, place: str = "library") -> None:
    """Everything a continuum holds, in the order of the source."""
    st.header(esc(rubric.title))
    if ours(rubric.added, "title"):
        st.caption(ours(rubric.added, "title"))
    handout(rubric, place)
    if rubric.description:
        st.markdown(lines(rubric.description))
    provenance(rubric, file)
    if rubric.notes:
        st.subheader("Notes on this transcription")
        st.markdown(bullets(rubric.notes))
    level_scale(rubric)
    dimensions(rubric)
    groups(rubric)
    activities(rubric)
    readings(rubric, place)
    facilitator_guide(rubric)


# --- the page -----------------------------------------------------------------------------------


def checked(data: bytes, name: str, lib: Library) -> Rubric | None:
    try:
        return check_upload(data, name, lib)
    except RubricError as error:
        intro = f"{esc(name)} cannot be added yet. Fix these problems in the file and upload it again:"
        show_problems(error.problems, intro)
        return None


def saved(data: bytes, name: str) -> str | None:
    try:
        return display_name(save_rubric(data, name))
    except RubricError as error:
        show_problems(error.problems, "The continuum was not added:")
        return None


st.title("Rubrics")
lib = library()
if lib.problems:
    show_problems(
        lib.problems,
        f"{counted(len(lib.problems), 'problem')} in the rubric files: the continua in those files cannot be "
        "used until the files are fixed. Every other continuum works as usual.",
    )

added = st.session_state.pop("rubrics-added", None)
if added is not None and added[0] in lib.rubrics:
    st.session_state["rubric-choice"] = added[0]
    st.session_state["rubrics-tab"] = READ
    st.success(
        f"Added {esc(lib.rubrics[added[0]].title)} to the library as {esc(added[1])}.",
        icon=":material/check:",
    )

read_tab, add_tab = st.tabs([READ, ADD], key="rubrics-tab", on_change="rerun")

with read_tab:
    ids = list(lib.rubrics)
    if not ids:
        st.info("No continuum could be loaded. Fix the files listed above, or add one in the next tab.")
    else:
        if st.session_state.get("rubric-choice") not in ids:
            st.session_state.pop("rubric-choice", None)
        chosen = st.selectbox(
            "Continuum", ids, format_func=lambda i: lib.rubrics[i].title, key="rubric-choice"
        )
        st.caption(
            "Text marked “added by us” is not in the source document: we wrote it (chart labels, "
            "titles the source leaves blank, rating scales the source lacks)."
        )
        continuum(lib.rubrics[chosen], lib.files.get(chosen))

with add_tab:
    folder = district_folder()
    where = (
        f"the folder named by {RUBRICS_ENV}"
        if os.environ.get(RUBRICS_ENV, "").strip()
        else "the app's folder"
    )
    st.markdown(
        "Your district can add its own continuum: a YAML text file written like the built-in ones. Upload "
        "it here to check it; when it has no problems, add it to the library and every team can use it."
    )
    st.caption(
        f"Added continua are saved in {esc(display_name(folder))} ({where}) as a file named after their id."
    )
    st.download_button(
        "Download an example file to start from",
        EXAMPLE,
        file_name="family-engagement.yaml",
        mime="text/yaml",
        icon=":material/download:",
    )
    generation = st.session_state.setdefault("upload-generation", 0)
    upload = st.file_uploader("Your continuum file (.yaml)", type=["yaml", "yml"], key=f"upload-{generation}")
    if upload is not None:
        data = upload.getvalue()
        rubric = attempt(checked, data, upload.name, lib).value
        if rubric is not None:
            st.success(
                f"{esc(upload.name)} is a valid continuum: {esc(rubric.title)}, with "
                f"{counted(len(rubric.groups), 'group')}, {counted(rubric.row_count(), 'row')} and "
                f"{counted(len(rubric.levels), 'level')}.",
                icon=":material/check:",
            )
            refused = uploads_refused(os.environ.get(UPLOADS_ENV), facilitates_here())
            if refused is not None:
                st.info(refused, icon=":material/lock:")
            elif st.button("Add to the library", type="primary", icon=":material/library_add:"):
                where_saved = attempt(saved, data, upload.name).value
                if where_saved is not None:
                    st.session_state["rubrics-added"] = (rubric.id, where_saved)
                    st.session_state["upload-generation"] = generation + 1
                    st.rerun()
            if st.toggle("Show how it will look", key="upload-preview"):
                with st.container(border=True):
                    continuum(rubric, None, "preview")
