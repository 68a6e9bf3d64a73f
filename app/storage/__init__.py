"""The terminal's local SQLite store (sqlite-utils): schema, migrations, repositories, outbox.

One writer (a lock around one connection, ``BEGIN IMMEDIATE`` transactions), WAL
so readers never block it. Every change that must reach the server writes its
outbox row in the same transaction as the change itself.
"""
