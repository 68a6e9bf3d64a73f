"""The thin central server: FastAPI + uvicorn over SQLAlchemy Core (SQLite or PostgreSQL).

``app.create_app`` builds the HTTP service; ``run`` runs it (``main.py server``)
or embeds it in a thread (demo mode); ``sync_service`` / ``apply`` are the
exactly-once sync cycle and the authoritative order lifecycle; ``changelog`` and
``scope`` decide what each device receives; ``auth`` verifies every request.
See docs/server.md.
"""
