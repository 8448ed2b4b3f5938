"""The schema revision this code expects, known without importing Alembic (start-up cost)."""

HEAD_REVISION = "0012_visit_changes"
