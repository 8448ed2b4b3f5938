"""The schema revision this code expects, known without importing Alembic (start-up cost)."""

HEAD_REVISION = "0003_invoice_guards"
