"""sipr_core.text: any text, made ready for markdown, charts, HTML or the PDF, reads as typed."""

import html
import re

from app_support import as_read
from hostile_text import HOSTILE, MULTILINE
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from sipr_core.text import WORD_JOINER, chart_text, html_text, markdown_text, pdf_text

# Text as people type it, with every ASCII punctuation mark, line breaks and tabs well represented.
typed = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8", exclude_characters="\u2060\u00a0\r"), st.sampled_from(
        list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\n\t w")
    )),
    max_size=80,
)


@given(typed)
def test_markdown_text_reads_back_as_the_typed_text(text):
    # a tab that starts a line reads as a space (a no-break space, so it makes no code block)
    assert as_read(markdown_text(text)).replace("\t", " ") == text.replace("\t", " ")


@given(typed)
def test_markdown_text_leaves_no_character_that_starts_markup_unescaped(text):
    left = re.sub(r"\\.", "x", markdown_text(text), flags=re.S)  # what is not escaped, each escape one letter
    assert not re.search(r"[\\`*_~\[\]<>$|@]", left)
    assert not re.search(r"&#?[A-Za-z0-9]+;", left), "an entity would read as the character it names"
    assert not re.search(r"(?m)^[ \t]*([#+=-]|\d+[.)])", left), "a heading or list mark starts a line"


def test_ordinary_text_is_left_readable_where_streamlit_shows_it_as_it_is():
    """A slider's aria-valuetext and a widget's aria-label get the text as given: no backslashes there."""
    for text in ["Accomplished (Collaborative)", "What surprised us? Why, or why not.", "Vision & mission",
                 "Not saved: the database stayed busy; try again.", "Riverside (East) - O'Brien's team, 100%"]:
        assert markdown_text(text) == text


@given(typed)
def test_markdown_text_leaves_nothing_streamlit_would_turn_into_a_link_or_an_emoji(text):
    plain = re.sub(r"\\(.)", r"\1", markdown_text(text))  # what the markdown parser hands its plugins
    assert not re.search(r"(?i)(https?://|www\.)", plain)
    assert not re.search(r"@[-\w]", plain)
    assert not re.search(r":[\w+-]+:", plain)


def test_markdown_text_of_a_link_a_url_and_an_address():
    assert markdown_text("[Sign in](https://evil.example)") == f"\\[Sign in\\](https\\:{WORD_JOINER}//evil.example)"
    assert markdown_text("www.evil.example ana@evil.example") == (
        f"www{WORD_JOINER}.evil.example ana\\@{WORD_JOINER}evil.example"
    )


def test_indentation_that_would_make_a_code_block_becomes_no_break_spaces():
    assert markdown_text("a\n    b\n\tc\n  d") == "a\n\u00a0\u00a0\u00a0\u00a0b\n\u00a0c\n  d"
    assert markdown_text(" on Scale") == " on Scale", "a space inside a sentence stays a space"


def plotly_shows(text: str) -> str:
    """Text as plotly shows it: its entities (with their ";") read as the characters they name."""
    return re.sub(r"&(#\d+|#x[\da-fA-F]+|[a-z][a-z0-9]*);", lambda m: html.unescape(m.group()), text, flags=re.I)


@given(typed)
def test_chart_text_has_no_markup_plotly_reads_and_reads_back(text):
    shown = chart_text(text)
    assert not re.search(r"[<>$]", shown)
    assert plotly_shows(shown) == text


def test_chart_text_of_a_link():
    assert chart_text('<a href="x">$1</a> & co &amp;') == '&lt;a href="x"&gt;&#36;1&lt;/a&gt; & co &amp;amp;'


@given(typed)
def test_html_text_reads_back_and_cannot_leave_an_attribute(text):
    shown = html_text(text)
    assert not re.search(r"[<>\"']", shown)
    assert html.unescape(shown) == text


@given(typed)
def test_pdf_text_makes_a_paragraph_of_exactly_the_typed_words(text):
    paragraph = Paragraph(pdf_text(text), ParagraphStyle("body"))
    assert "".join(paragraph.getPlainText().split()) == "".join(text.split())  # spacing is the layout's


def test_the_hostile_texts_read_back_from_every_helper():
    for text in [*HOSTILE, MULTILINE]:
        assert as_read(markdown_text(text)) == text
        assert plotly_shows(chart_text(text)) == text
        assert html.unescape(html_text(text)) == text
