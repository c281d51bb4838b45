"""The facilitator's readiness checklist of a session: ticks kept for the session, the facilitator's only."""

from __future__ import annotations

import pytest
from store_support import denied, make_code

from sipr_core import AccessDenied, InputError, readiness_checklist
from sipr_core.storage.preparation import NOT_ON_THE_CHECKLIST


def test_ticks_are_kept_for_the_session_and_untick(collab_session, collaboration):
    store, code, key = collab_session
    first, second, *_ = readiness_checklist(collaboration)
    assert store.preparation.ticked(code, key) == frozenset()
    assert store.preparation.tick(code, key, first, True) == {first}
    assert store.preparation.tick(code, key, second, True) == {first, second}
    assert store.preparation.tick(code, key, first, True) == {first, second}  # twice is once
    assert store.preparation.tick(code, key, first, False) == {second}
    assert store.preparation.ticked(code, key) == {second}


def test_each_session_has_its_own_ticks(collab_session, collaboration):
    store, code, key = collab_session
    other, other_key = make_code(store, collaboration, team="Oak Middle team")
    item = readiness_checklist(collaboration)[0]
    store.preparation.tick(code, key, item, True)
    assert store.preparation.ticked(other, other_key) == frozenset()


def test_only_the_facilitator_reads_or_ticks(collab_session, collaboration):
    store, code, key = collab_session
    item = readiness_checklist(collaboration)[0]
    asks = (
        lambda: store.preparation.ticked(code, "wrong"),
        lambda: store.preparation.tick(code, None, item, True),
    )
    for action in asks:
        with pytest.raises(AccessDenied) as raised:
            action()
        assert str(raised.value) == denied(code)
    assert store.preparation.ticked(code, key) == frozenset()


def test_an_item_not_on_the_sessions_checklist_is_refused_by_name(collab_session, sipr):
    store, code, key = collab_session
    with pytest.raises(InputError) as raised:
        store.preparation.tick(code, key, "Printed the handouts.", True)
    assert str(raised.value) == NOT_ON_THE_CHECKLIST
    sipr_code, sipr_key = make_code(store, sipr)
    toolkit_item = readiness_checklist(store.sessions.load(code).rubric)[0]
    with pytest.raises(InputError):
        store.preparation.tick(sipr_code, sipr_key, toolkit_item, True)
    assert store.preparation.ticked(code, key) == frozenset()
