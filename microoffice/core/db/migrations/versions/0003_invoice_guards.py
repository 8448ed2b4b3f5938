"""Issued invoices kept as issued: the stored PDF table and the triggers that freeze invoices.

Revision ID: 0003_invoice_guards
Revises: 0002_append_only
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_invoice_guards"
down_revision = "0002_append_only"
branch_labels = None
depends_on = None


# The statements this migration runs, written out as they were when it was made (from
# core/db/invoice_triggers.py at the time): a migration never imports live code, so editing the guards
# later cannot change what an old migration does.
GUARDS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_frozen BEFORE UPDATE ON invoice WHEN (NEW.status <> 'draft' AND NEW.number IS NULL) OR (OLD.status <> 'draft' AND (NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind OR NEW.series IS NOT OLD.series OR NEW.number IS NOT OLD.number OR NEW.client_id IS NOT OLD.client_id OR NEW.funding_id IS NOT OLD.funding_id OR NEW.payer_name IS NOT OLD.payer_name OR NEW.payer_address IS NOT OLD.payer_address OR NEW.payer_reference IS NOT OLD.payer_reference OR NEW.layout IS NOT OLD.layout OR NEW.period_start IS NOT OLD.period_start OR NEW.period_end IS NOT OLD.period_end OR NEW.issued_on IS NOT OLD.issued_on OR NEW.due_on IS NOT OLD.due_on OR NEW.credit_for_id IS NOT OLD.credit_for_id OR NEW.reason IS NOT OLD.reason OR NEW.subtotal_pence IS NOT OLD.subtotal_pence OR NEW.vat_pence IS NOT OLD.vat_pence OR NEW.total_pence IS NOT OLD.total_pence OR NEW.rate_card_ids IS NOT OLD.rate_card_ids OR NEW.calendar_snapshot IS NOT OLD.calendar_snapshot OR NEW.created_at IS NOT OLD.created_at OR NEW.status = 'draft' OR (OLD.status = 'void' AND NEW.status <> 'void') OR (NEW.pdf_sha256 IS NOT OLD.pdf_sha256 AND OLD.pdf_sha256 <> ''))) BEGIN SELECT RAISE(ABORT, 'invoice is issued and cannot be changed: correct it with a credit note'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_no_delete BEFORE DELETE ON invoice WHEN OLD.status <> 'draft' BEGIN SELECT RAISE(ABORT, 'an issued invoice is never deleted'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_number_on_insert BEFORE INSERT ON invoice WHEN NEW.status <> 'draft' AND NEW.number IS NULL BEGIN SELECT RAISE(ABORT, 'an issued invoice needs its number'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_line_no_insert BEFORE INSERT ON invoice_line WHEN (SELECT status FROM invoice WHERE id = NEW.invoice_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'invoice is issued and cannot be changed: correct it with a credit note'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_line_no_update BEFORE UPDATE ON invoice_line WHEN (SELECT status FROM invoice WHERE id = OLD.invoice_id) <> 'draft' OR (SELECT status FROM invoice WHERE id = NEW.invoice_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'invoice is issued and cannot be changed: correct it with a credit note'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_line_no_delete BEFORE DELETE ON invoice_line WHEN (SELECT status FROM invoice WHERE id = OLD.invoice_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'invoice is issued and cannot be changed: correct it with a credit note'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_number_series_forward BEFORE UPDATE ON number_series WHEN NEW.next_number < OLD.next_number OR NEW.series IS NOT OLD.series BEGIN SELECT RAISE(ABORT, 'invoice numbers only go forward: a number is never reused'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_number_series_no_delete BEFORE DELETE ON number_series BEGIN SELECT RAISE(ABORT, 'invoice numbers only go forward: a number is never reused'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_document_no_update BEFORE UPDATE ON invoice_document BEGIN SELECT RAISE(ABORT, 'an issued document is kept exactly as sent'); END",
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_document_no_delete BEFORE DELETE ON invoice_document BEGIN SELECT RAISE(ABORT, 'an issued document is kept exactly as sent'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION microoffice_invoice_frozen() RETURNS trigger AS $$ BEGIN IF TG_OP = 'DELETE' THEN IF OLD.status <> 'draft' THEN RAISE EXCEPTION 'an issued invoice is never deleted'; END IF; RETURN OLD; END IF; IF NEW.status <> 'draft' AND NEW.number IS NULL THEN RAISE EXCEPTION 'an issued invoice needs its number'; END IF; IF TG_OP = 'UPDATE' AND OLD.status <> 'draft' AND (NEW.id::text IS DISTINCT FROM OLD.id::text OR NEW.kind::text IS DISTINCT FROM OLD.kind::text OR NEW.series::text IS DISTINCT FROM OLD.series::text OR NEW.number::text IS DISTINCT FROM OLD.number::text OR NEW.client_id::text IS DISTINCT FROM OLD.client_id::text OR NEW.funding_id::text IS DISTINCT FROM OLD.funding_id::text OR NEW.payer_name::text IS DISTINCT FROM OLD.payer_name::text OR NEW.payer_address::text IS DISTINCT FROM OLD.payer_address::text OR NEW.payer_reference::text IS DISTINCT FROM OLD.payer_reference::text OR NEW.layout::text IS DISTINCT FROM OLD.layout::text OR NEW.period_start::text IS DISTINCT FROM OLD.period_start::text OR NEW.period_end::text IS DISTINCT FROM OLD.period_end::text OR NEW.issued_on::text IS DISTINCT FROM OLD.issued_on::text OR NEW.due_on::text IS DISTINCT FROM OLD.due_on::text OR NEW.credit_for_id::text IS DISTINCT FROM OLD.credit_for_id::text OR NEW.reason::text IS DISTINCT FROM OLD.reason::text OR NEW.subtotal_pence::text IS DISTINCT FROM OLD.subtotal_pence::text OR NEW.vat_pence::text IS DISTINCT FROM OLD.vat_pence::text OR NEW.total_pence::text IS DISTINCT FROM OLD.total_pence::text OR NEW.rate_card_ids::text IS DISTINCT FROM OLD.rate_card_ids::text OR NEW.calendar_snapshot::text IS DISTINCT FROM OLD.calendar_snapshot::text OR NEW.created_at::text IS DISTINCT FROM OLD.created_at::text OR NEW.status = 'draft' OR (OLD.status = 'void' AND NEW.status <> 'void') OR (NEW.pdf_sha256 IS DISTINCT FROM OLD.pdf_sha256 AND OLD.pdf_sha256 <> '')) THEN RAISE EXCEPTION 'invoice is issued and cannot be changed: correct it with a credit note'; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_invoice_frozen BEFORE INSERT OR UPDATE OR DELETE ON invoice FOR EACH ROW EXECUTE FUNCTION microoffice_invoice_frozen()",
        "CREATE OR REPLACE FUNCTION microoffice_invoice_line_frozen() RETURNS trigger AS $$ BEGIN IF TG_OP <> 'INSERT' AND (SELECT status FROM invoice WHERE id = OLD.invoice_id) <> 'draft' THEN RAISE EXCEPTION 'invoice is issued and cannot be changed: correct it with a credit note'; END IF; IF TG_OP <> 'DELETE' AND (SELECT status FROM invoice WHERE id = NEW.invoice_id) <> 'draft' THEN RAISE EXCEPTION 'invoice is issued and cannot be changed: correct it with a credit note'; END IF; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_invoice_line_frozen BEFORE INSERT OR UPDATE OR DELETE ON invoice_line FOR EACH ROW EXECUTE FUNCTION microoffice_invoice_line_frozen()",
        "CREATE OR REPLACE FUNCTION microoffice_number_series_forward() RETURNS trigger AS $$ BEGIN IF TG_OP = 'DELETE' OR NEW.next_number < OLD.next_number OR NEW.series IS DISTINCT FROM OLD.series THEN RAISE EXCEPTION 'invoice numbers only go forward: a number is never reused'; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_number_series_forward BEFORE UPDATE OR DELETE ON number_series FOR EACH ROW EXECUTE FUNCTION microoffice_number_series_forward()",
        "CREATE OR REPLACE FUNCTION microoffice_invoice_document_kept() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'an issued document is kept exactly as sent'; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER trg_invoice_document_kept BEFORE UPDATE OR DELETE ON invoice_document FOR EACH ROW EXECUTE FUNCTION microoffice_invoice_document_kept()",
    ),
}

DROP_GUARDS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS trg_invoice_frozen",
        "DROP TRIGGER IF EXISTS trg_invoice_no_delete",
        "DROP TRIGGER IF EXISTS trg_invoice_number_on_insert",
        "DROP TRIGGER IF EXISTS trg_invoice_line_no_insert",
        "DROP TRIGGER IF EXISTS trg_invoice_line_no_update",
        "DROP TRIGGER IF EXISTS trg_invoice_line_no_delete",
        "DROP TRIGGER IF EXISTS trg_number_series_forward",
        "DROP TRIGGER IF EXISTS trg_number_series_no_delete",
        "DROP TRIGGER IF EXISTS trg_invoice_document_no_update",
        "DROP TRIGGER IF EXISTS trg_invoice_document_no_delete",
    ),
    "postgresql": (
        "DROP TRIGGER IF EXISTS trg_invoice_frozen ON invoice",
        "DROP TRIGGER IF EXISTS trg_invoice_line_frozen ON invoice_line",
        "DROP TRIGGER IF EXISTS trg_number_series_forward ON number_series",
        "DROP TRIGGER IF EXISTS trg_invoice_document_kept ON invoice_document",
    ),
}


def _run(statements: dict[str, tuple[str, ...]]) -> None:
    dialect = op.get_bind().dialect.name
    for statement in statements["postgresql" if dialect == "postgresql" else "sqlite"]:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "invoice_document",
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_invoice_document_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_document")),
        sa.UniqueConstraint("invoice_id", name=op.f("uq_invoice_document_invoice_id")),
    )
    _run(GUARDS)


def downgrade() -> None:
    _run(DROP_GUARDS)
    op.drop_table("invoice_document")
