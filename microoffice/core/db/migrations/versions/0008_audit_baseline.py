"""The audit baseline: `microoffice check` now compares every audited table with the audit log,
so rows an older version wrote without an entry are recorded once, as they stand (see
core/db/baseline.py). No schema change.

Revision ID: 0008_audit_baseline
Revises: 0007_fee_statements
"""

from __future__ import annotations

from alembic import op

from microoffice.core.db.baseline import record_baseline

revision = "0008_audit_baseline"
down_revision = "0007_fee_statements"
branch_labels = None
depends_on = None


def upgrade() -> None:
    record_baseline(op.get_bind(), "upgrade to 0008_audit_baseline")


def downgrade() -> None:
    """The audit log is append-only: the baseline entries stay, and still describe the rows."""
