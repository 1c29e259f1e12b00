"""Alembic migrations; run through ``exact-sidecar db upgrade`` (see sidecar.migrate)."""
