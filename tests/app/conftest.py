from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def no_wrong_guesses_yet():
    """Each test starts with no wrong guesses counted: the limits live as long as the process (the server)."""
    from pages.common import guesses

    guesses.clear()
    yield
    guesses.clear()
