from __future__ import annotations

import pytest

from sipr_core import Rubric, load_library


@pytest.fixture(scope="session")
def library():
    """The built-in rubric library."""
    return load_library()


@pytest.fixture(scope="session")
def collaboration(library) -> Rubric:
    return library.get("micip-collaboration")


@pytest.fixture(scope="session")
def sipr(library) -> Rubric:
    return library.get("sipr-practice-profile")


@pytest.fixture(scope="session")
def leadership(library) -> Rubric:
    return library.get("leadership-system")
