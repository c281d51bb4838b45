"""Text a user, an uploaded rubric or a session file might hold, built to become markup or a link."""

# One line each: names, labels and options are one line.
HOSTILE = [
    "[Session expired: sign in again](https://evil.example/login)",
    "https://evil.example/x, www.evil.example and ana@evil.example",
    "**Bold** _italic_ `code` ~~struck~~ ==marked==",
    '<b>bold</b> <a href="https://evil.example">link</a> &amp; &lt; <img src=x>',
    ":smile: :material/home: :red[red] :blue-badge[badge] $x^2$ <3 :)",
    "Riverside (East) - O'Brien's \"team\", 100% #1 + 2 = 3 | x \\ y; [^1] {a} a_b_c *",
]

MULTILINE = (
    "# Heading\n- item\n1. one\n> quote\n\n    indented code\n---\n| a | b |\n|---|---|\n```\nfence\n```"
)
"""Text boxes (evidence, next steps, descriptors) hold several lines."""

UNSAFE = [
    "https://", "www.", "@evil", "](", "<b>", "<a ", "**Bold**", "_italic_", "`code`", ":smile:", "$x^2$"
]
"""Pieces of HOSTILE that, left as they are in markdown, would become a link, markup or an emoji."""

_NOT_TEXT = {"id", "subgroup", "added", "format", "min_share", "min_count", "minutes"}


def hostile_rubric(rubric):
    """The rubric with a piece of HOSTILE after every text it holds (ids and numbers stay as they are)."""
    from sipr_core.rubric import Rubric

    count = iter(range(1_000_000))

    def spoil(value, key=None):
        if key in _NOT_TEXT:
            return value
        if isinstance(value, str):
            return f"{value} {HOSTILE[next(count) % len(HOSTILE)]}"
        if isinstance(value, list):
            return [spoil(v) for v in value]
        if isinstance(value, dict):
            keyed = key not in ("descriptors", "dimensions")  # there, keys are ids of levels or dimensions
            return {k: spoil(v, k if keyed else None) for k, v in value.items()}
        return value

    data = rubric.model_dump(exclude_none=True)
    data = {k: spoil(v, k) for k, v in data.items()}
    return Rubric.model_validate(data)
