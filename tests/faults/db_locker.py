"""Another process that locks the database for a while: python db_locker.py URL SECONDS

SQLite: a plain sqlite3 connection holding ``BEGIN EXCLUSIVE``. PostgreSQL: a transaction holding
``LOCK TABLE ... IN EXCLUSIVE MODE`` on the tables a rating or a vote writes (reads still pass).
Prints "locked" once it holds the lock, then releases it after SECONDS.
"""

from __future__ import annotations

import sqlite3
import sys
import time

url, seconds = sys.argv[1], float(sys.argv[2])
if url.startswith("sqlite:///"):
    conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
else:
    import psycopg

    conn = psycopg.connect(url)  # type: ignore[assignment]
    conn.execute("LOCK TABLE entries, votes, voting_rounds, changes IN EXCLUSIVE MODE")
print("locked", flush=True)
time.sleep(seconds)
conn.commit()
conn.close()
