"""A stand-in for the app server: the store in its own process, taking votes and edits over sockets.

Like Streamlit, it serves each connection (a browser session) on its own thread and writes through
one shared ``Store``. Each line in is one action, answered with "ack" only after the store has
committed it, or with "error <message>":

    vote <participant id> <row id> <level>     a participant's vote (store.voting.cast)
    edit <row id> <text>                       the facilitator's evidence (Store.set_entry)

Prints "ready <port>" once it listens. Run: python vote_server.py URL CODE KEY
"""

from __future__ import annotations

import socket
import sys
import threading

from sipr_core import Store


def serve(store: Store, code: str, key: str, connection: socket.socket) -> None:
    with connection, connection.makefile("r", encoding="utf-8") as lines:
        for line in lines:
            kind, rest = line.rstrip("\n").split(" ", 1)
            try:
                if kind == "vote":
                    participant, row_id, level = rest.split(" ")
                    store.voting.cast(code, participant, row_id, "rating", level)
                else:
                    row_id, text = rest.split(" ", 1)
                    store.entries.set(code, key, row_id, "rating", actor="Facilitator", evidence=text)
                answer = "ack\n"
            except Exception as error:  # noqa: BLE001 - the client reports it
                answer = f"error {error}\n"
            connection.sendall(answer.encode("utf-8"))


def main() -> None:
    url, code, key = sys.argv[1:4]
    store = Store(url)
    listener = socket.create_server(("127.0.0.1", 0))
    print(f"ready {listener.getsockname()[1]}", flush=True)
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(store, code, key, connection), daemon=True).start()


if __name__ == "__main__":
    main()
