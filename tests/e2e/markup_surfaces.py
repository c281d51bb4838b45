"""Every kind of Streamlit element that reads markdown, showing hostile text through sipr_core.text.

Run by tests/e2e/test_markup_surfaces.py with `streamlit run`; each surface sits in a container
keyed ``surface-<name>-<n>`` for the n-th text of HOSTILE (MULTILINE is the last).
"""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for the shared hostile texts

from hostile_text import HOSTILE, MULTILINE  # noqa: E402

from sipr_core.text import html_text, markdown_text  # noqa: E402

st.set_page_config(page_title="markup surfaces")
for n, text in enumerate([*HOSTILE, MULTILINE]):
    with st.container(key=f"surface-markdown-{n}"):
        st.markdown(markdown_text(text))
    with st.container(key=f"surface-caption-{n}"):
        st.caption(markdown_text(text))
    with st.container(key=f"surface-error-{n}"):
        st.error(markdown_text(text))
    with st.container(key=f"surface-html-{n}"):
        st.html(f"<div>{html_text(text)}</div>")

for n, text in enumerate(HOSTILE):
    shown = markdown_text(text)
    with st.container(key=f"surface-info-{n}"):
        st.info(shown)
    with st.container(key=f"surface-warning-{n}"):
        st.warning(shown)
    with st.container(key=f"surface-success-{n}"):
        st.success(shown)
    with st.container(key=f"surface-subheader-{n}"):
        st.subheader(shown)
    with st.container(key=f"surface-button-{n}"):
        st.button(shown, key=f"button-{n}")
    with st.container(key=f"surface-checkbox-{n}"):
        st.checkbox(shown, key=f"checkbox-{n}")
    with st.container(key=f"surface-text_area-{n}"):
        st.text_area(shown, key=f"text-area-{n}")
    with st.container(key=f"surface-expander-{n}"):
        with st.expander(shown):
            st.write("inside")
    with st.container(key=f"surface-popover-{n}"):
        with st.popover(shown):
            st.write("inside")
    with st.container(key=f"surface-tabs-{n}"):
        st.tabs([shown, "other"])
    with st.container(key=f"surface-radio-{n}"):
        st.radio("Radio", [0, 1], format_func=lambda i, t=shown: t if i == 0 else "other", key=f"radio-{n}")
    with st.container(key=f"surface-segmented_control-{n}"):
        st.segmented_control(
            "Segments", [0, 1], format_func=lambda i, t=shown: t if i == 0 else "other", key=f"segments-{n}"
        )
    with st.container(key=f"surface-select_slider-{n}"):
        st.select_slider(
            shown, [0, 1], format_func=lambda i, t=shown: t if i == 0 else "other", key=f"select-slider-{n}"
        )
    with st.container(key=f"surface-metric-{n}"):
        st.metric(shown, 3)
    with st.container(key=f"surface-progress-{n}"):
        st.progress(0.5, text=shown)
