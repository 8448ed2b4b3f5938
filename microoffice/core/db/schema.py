"""The schema revision this code expects, known without importing Alembic (start-up cost)."""

HEAD_REVISION = "0010_plan_end_times"
