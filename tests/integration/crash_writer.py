"""Writes evidence in a loop and prints "ack N" after each commit, until it is killed."""

import sys

from sipr_core import Store

url, code, key = sys.argv[1:4]
store = Store(url)
rows = [row.id for _, row in store.sessions.load(code).rubric.rows()]
n = 0
while True:
    store.entries.set(code, key, rows[n % len(rows)], "rating", actor="writer", evidence=f"write {n}")
    print(f"ack {n}", flush=True)
    n += 1
