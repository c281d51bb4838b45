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

_ALWAYS = r"[\\`*_~\[\]<>$|@]"  # emphasis, code, links, HTML, maths, tables, e-mail addresses
_ENTITY = r"&(?=#?[A-Za-z0-9]+;)"  # "&amp;" would read as "&"
_CODE_AFTER_COLON = r":(?=\S)"  # :smile:, :red[...], :material/...:, https://
_LINE_START = r"(?m)^[ \t]*(?:[#+=-]|\d+[.)])"  # headings, lists, setext underlines at a line's start
_MARKUP = re.compile("|".join((_ALWAYS, _ENTITY, _CODE_AFTER_COLON)))
_BLOCK = re.compile(_LINE_START)
_WWW_DOT = re.compile(r"(?<=[wW]{3})\.")
_INDENT = re.compile(r"(?m)^(?=[ ]{0,3}\t| {4})[ \t]+")  # indentation that makes a code block
_JOINED = frozenset(":@")


def _escaped(match: re.Match[str]) -> str:
    mark = match.group()
    return "\\" + mark + (WORD_JOINER if mark in _JOINED else "")


def _block_escaped(match: re.Match[str]) -> str:
    found = match.group()
    return found[:-1] + "\\" + found[-1]


def markdown_text(text: str) -> str:
    """Text that Streamlit's markdown shows exactly as typed, in st.markdown, alerts, captions, labels,
    tabs and options alike.

    Only what could start markup is backslash-escaped, so the text stays readable where Streamlit
    also puts it as it is (a slider's aria-valuetext, a widget's aria-label): emphasis, code, links,
    HTML, maths and table characters anywhere; an entity's "&"; a ":" or "@" before a character (an
    emoji code, a directive such as :red[...], a URL, an e-mail address), followed by an invisible
    word joiner, because Streamlit links bare URLs and addresses and turns :smile: into an emoji
    after escapes are read; a heading's, list item's or underline's mark at the start of a line.
    "www." gets a word joiner before its dot, and four spaces or a tab that start a line become
    no-break spaces, so they indent nothing into a code block.
    """
    text = _WWW_DOT.sub(WORD_JOINER + ".", text)
    text = _MARKUP.sub(_escaped, text)
    text = _BLOCK.sub(_block_escaped, text)
    return _INDENT.sub(lambda m: "\u00a0" * len(m.group()), text)


_CHART_MARKUP = re.compile(r"[<>$]|&(?=#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_CHART_ENTITIES = {"<": "&lt;", ">": "&gt;", "$": "&#36;", "&": "&amp;"}


def chart_text(text: str) -> str:
    """Text that plotly shows as typed: ``<`` and ``>`` as entities (plotly reads a few HTML tags, such
    as ``<a href>`` and ``<b>``), ``$`` too (``$...$`` would be typeset as maths), and an ``&`` that
    would start an entity; any other ``&`` stays, so "Vision & mission" reads the same in the data."""
    return _CHART_MARKUP.sub(lambda m: _CHART_ENTITIES[m.group()], text)


def html_text(text: str) -> str:
    """Text for HTML, inside an element or an attribute's quotes."""
    return html.escape(text, quote=True)


def pdf_text(text: str) -> str:
    """Text for a reportlab paragraph, which reads ``<`` and ``&`` as markup; line breaks are kept."""
    return html.escape(text, quote=False).replace("\n", "<br/>")
