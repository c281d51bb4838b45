"""One process of participants: each joins and votes on every row (used by the multi-process test)."""

from sipr_core import Store


def vote_all(url: str, code: str, names: list[str]) -> int:
    store = Store(url)
    session = store.sessions.load(code)
    levels = session.rubric.level_ids()
    cast = 0
    for i, name in enumerate(names):
        participant = store.voting.join(code, name)
        for j, (_, row) in enumerate(session.rubric.rows()):
            store.voting.cast(code, participant.id, row.id, "rating", levels[(i + j) % len(levels)])
            cast += 1
    store.close()
    return cast
