"""Database-level guards that keep issued invoices as issued (DOMAIN.md 9.2).

The billing services already refuse to change an issued invoice; these triggers refuse it again
in the database, so a SQL shell, a script or a bug cannot quietly alter what a customer was sent.
Used by create_all (via attach) and by the migration that introduced them, so new and migrated
databases match. What may still change on an issued invoice: its payment status (issued,
part_paid, paid, void), its version/updated_at stamps, and the PDF hash once, from empty.
A batch ALTER of these tables (Alembic render_as_batch recreates the table) drops the triggers:
such a migration must run these statements again.
"""

from __future__ import annotations

from sqlalchemy import DDL, Table, event

# Every column that is part of the document once issued. Listed by hand, not read from the model,
# so the migration that created the triggers keeps meaning what it meant when it ran.
FROZEN_COLUMNS = (
    "id",
    "kind",
    "series",
    "number",
    "client_id",
    "funding_id",
    "payer_name",
    "payer_address",
    "payer_reference",
    "layout",
    "period_start",
    "period_end",
    "issued_on",
    "due_on",
    "credit_for_id",
    "reason",
    "subtotal_pence",
    "vat_pence",
    "total_pence",
    "rate_card_ids",
    "calendar_snapshot",
    "created_at",
)
ISSUED = "issued and cannot be changed: correct it with a credit note"
SQLITE_NAMES = (
    "trg_invoice_frozen",
    "trg_invoice_no_delete",
    "trg_invoice_number_on_insert",
    "trg_invoice_line_no_insert",
    "trg_invoice_line_no_update",
    "trg_invoice_line_no_delete",
    "trg_number_series_forward",
    "trg_number_series_no_delete",
    "trg_invoice_document_no_update",
    "trg_invoice_document_no_delete",
)


def _abort(message: str) -> str:
    return f"BEGIN SELECT RAISE(ABORT, '{message}'); END"


def _sqlite() -> list[str]:
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN_COLUMNS)
    parent = "(SELECT status FROM invoice WHERE id = {}.invoice_id) <> 'draft'"
    return [
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_frozen BEFORE UPDATE ON invoice "
        "WHEN (NEW.status <> 'draft' AND NEW.number IS NULL) OR (OLD.status <> 'draft' AND ("
        f"{changed} OR NEW.status = 'draft' OR (OLD.status = 'void' AND NEW.status <> 'void') "
        "OR (NEW.pdf_sha256 IS NOT OLD.pdf_sha256 AND OLD.pdf_sha256 <> ''))) "
        + _abort(f"invoice is {ISSUED}"),
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_no_delete BEFORE DELETE ON invoice "
        "WHEN OLD.status <> 'draft' " + _abort("an issued invoice is never deleted"),
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_number_on_insert BEFORE INSERT ON invoice "
        "WHEN NEW.status <> 'draft' AND NEW.number IS NULL "
        + _abort("an issued invoice needs its number"),
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_line_no_insert BEFORE INSERT ON invoice_line "
        f"WHEN {parent.format('NEW')} " + _abort(f"invoice is {ISSUED}"),
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_line_no_update BEFORE UPDATE ON invoice_line "
        f"WHEN {parent.format('OLD')} OR {parent.format('NEW')} " + _abort(f"invoice is {ISSUED}"),
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_line_no_delete BEFORE DELETE ON invoice_line "
        f"WHEN {parent.format('OLD')} " + _abort(f"invoice is {ISSUED}"),
        "CREATE TRIGGER IF NOT EXISTS trg_number_series_forward BEFORE UPDATE ON number_series "
        "WHEN NEW.next_number < OLD.next_number OR NEW.series IS NOT OLD.series "
        + _abort("invoice numbers only go forward: a number is never reused"),
        "CREATE TRIGGER IF NOT EXISTS trg_number_series_no_delete BEFORE DELETE ON number_series "
        + _abort("invoice numbers only go forward: a number is never reused"),
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_document_no_update BEFORE UPDATE ON "
        "invoice_document " + _abort("an issued document is kept exactly as sent"),
        "CREATE TRIGGER IF NOT EXISTS trg_invoice_document_no_delete BEFORE DELETE ON "
        "invoice_document " + _abort("an issued document is kept exactly as sent"),
    ]


def _pg_function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN {body} END; $$ "
        "LANGUAGE plpgsql"
    )


def _postgresql() -> list[str]:
    changed = " OR ".join(f"NEW.{c}::text IS DISTINCT FROM OLD.{c}::text" for c in FROZEN_COLUMNS)
    parent = "(SELECT status FROM invoice WHERE id = {}.invoice_id) <> 'draft'"
    return [
        _pg_function(
            "microoffice_invoice_frozen",
            "IF TG_OP = 'DELETE' THEN "
            "IF OLD.status <> 'draft' THEN RAISE EXCEPTION 'an issued invoice is never deleted'; "
            "END IF; RETURN OLD; END IF; "
            "IF NEW.status <> 'draft' AND NEW.number IS NULL THEN "
            "RAISE EXCEPTION 'an issued invoice needs its number'; END IF; "
            f"IF TG_OP = 'UPDATE' AND OLD.status <> 'draft' AND ({changed} "
            "OR NEW.status = 'draft' OR (OLD.status = 'void' AND NEW.status <> 'void') "
            "OR (NEW.pdf_sha256 IS DISTINCT FROM OLD.pdf_sha256 AND OLD.pdf_sha256 <> '')) THEN "
            f"RAISE EXCEPTION 'invoice is {ISSUED}'; END IF; RETURN NEW;",
        ),
        "CREATE TRIGGER trg_invoice_frozen BEFORE INSERT OR UPDATE OR DELETE ON invoice "
        "FOR EACH ROW EXECUTE FUNCTION microoffice_invoice_frozen()",
        _pg_function(
            "microoffice_invoice_line_frozen",
            f"IF TG_OP <> 'INSERT' AND {parent.format('OLD')} THEN "
            f"RAISE EXCEPTION 'invoice is {ISSUED}'; END IF; "
            f"IF TG_OP <> 'DELETE' AND {parent.format('NEW')} THEN "
            f"RAISE EXCEPTION 'invoice is {ISSUED}'; END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;",
        ),
        "CREATE TRIGGER trg_invoice_line_frozen BEFORE INSERT OR UPDATE OR DELETE ON invoice_line "
        "FOR EACH ROW EXECUTE FUNCTION microoffice_invoice_line_frozen()",
        _pg_function(
            "microoffice_number_series_forward",
            "IF TG_OP = 'DELETE' OR NEW.next_number < OLD.next_number "
            "OR NEW.series IS DISTINCT FROM OLD.series THEN "
            "RAISE EXCEPTION 'invoice numbers only go forward: a number is never reused'; "
            "END IF; RETURN NEW;",
        ),
        "CREATE TRIGGER trg_number_series_forward BEFORE UPDATE OR DELETE ON number_series "
        "FOR EACH ROW EXECUTE FUNCTION microoffice_number_series_forward()",
        _pg_function(
            "microoffice_invoice_document_kept",
            "RAISE EXCEPTION 'an issued document is kept exactly as sent';",
        ),
        "CREATE TRIGGER trg_invoice_document_kept BEFORE UPDATE OR DELETE ON invoice_document "
        "FOR EACH ROW EXECUTE FUNCTION microoffice_invoice_document_kept()",
    ]


# The table each statement hangs off for create_all (the last table it needs must exist).
_SQLITE_TABLE = ["invoice"] * 3 + ["invoice_line"] * 3 + ["number_series"] * 2
_SQLITE_TABLE += ["invoice_document"] * 2
_PG_TABLE = ["invoice"] * 2 + ["invoice_line"] * 2 + ["number_series"] * 2
_PG_TABLE += ["invoice_document"] * 2


def statements(dialect: str) -> list[str]:
    return _postgresql() if dialect == "postgresql" else _sqlite()


def drop_statements(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS trg_invoice_frozen ON invoice",
            "DROP TRIGGER IF EXISTS trg_invoice_line_frozen ON invoice_line",
            "DROP TRIGGER IF EXISTS trg_number_series_forward ON number_series",
            "DROP TRIGGER IF EXISTS trg_invoice_document_kept ON invoice_document",
        ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_NAMES]


def attach(tables: dict[str, Table]) -> None:
    """Emit the triggers when create_all makes the tables, on either backend."""
    for dialect, owners in (("sqlite", _SQLITE_TABLE), ("postgresql", _PG_TABLE)):
        for owner, statement in zip(owners, statements(dialect), strict=True):
            ddl = DDL(statement.replace("%", "%%"))  # type: ignore[no-untyped-call]
            event.listen(tables[owner], "after_create", ddl.execute_if(dialect=dialect))
