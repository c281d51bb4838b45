"""Text from users, uploaded rubrics and session files, made ready to show as typed: never as markup.

One function per kind of place that reads markup:

- ``markdown_text``: Streamlit's markdown (st.markdown, captions, alerts, headers, tabs, expanders,
  widget labels and the options of radios, pills, segmented controls and select sliders);
- ``chart_text``: plotly's labels, tick text, hover text, legend names, titles and annotations;
- ``html_text``: HTML (st.html, the HTML export);
- ``pdf_text``: reportlab's paragraphs (the PDF).
"""

from __future__ import annotations

import html
import re

__all__ = ["WORD_JOINER", "chart_text", "html_text", "markdown_text", "pdf_text"]

WORD_JOINER = "\u2060"
"""An invisible character with no width that no link or emoji pattern matches."""

_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")  # every ASCII punctuation mark: CommonMark escapes them all
_WWW_DOT = re.compile(r"(?<=[wW]{3})\.")
_INDENT = re.compile(r"(?m)^(?=[ ]{0,3}\t| {4})[ \t]+")  # indentation that makes a code block
_JOINED = frozenset(":@")


def _escaped(match: re.Match[str]) -> str:
    mark = match.group()
    return "\\" + mark + (WORD_JOINER if mark in _JOINED else "")


def markdown_text(text: str) -> str:
    """Text that Streamlit's markdown shows exactly as typed.

    Every ASCII punctuation mark is backslash-escaped, which stops emphasis, links, HTML, lists,
    headings, tables, maths (``$``) and Streamlit's ``:red[...]`` directives. Streamlit also turns
    bare ``https://...``, ``www....`` and e-mail addresses into links, and ``:smile:`` into an emoji,
    after escapes are read: an invisible word joiner after each ``:`` and ``@`` and before the dot
    of ``www.`` stops those. Four spaces or a tab that start a line become no-break spaces, so they
    indent nothing into a code block.
    """
    text = _WWW_DOT.sub(WORD_JOINER + ".", text)
    text = _PUNCTUATION.sub(_escaped, text)
    return _INDENT.sub(lambda m: "\u00a0" * len(m.group()), text)


def chart_text(text: str) -> str:
    """Text that plotly shows as typed: ``<``, ``>`` and ``&`` as entities (plotly reads a few HTML
    tags, such as ``<a href>`` and ``<b>``), and ``$`` as one too (``$...$`` would be typeset as maths)."""
    return html.escape(text, quote=False).replace("$", "&#36;")


def html_text(text: str) -> str:
    """Text for HTML, inside an element or an attribute's quotes."""
    return html.escape(text, quote=True)


def pdf_text(text: str) -> str:
    """Text for a reportlab paragraph, which reads ``<`` and ``&`` as markup; line breaks are kept."""
    return html.escape(text, quote=False).replace("\n", "<br/>")
