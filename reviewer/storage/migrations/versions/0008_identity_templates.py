"""identity templates: face embeddings per file content (biometric data)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 07:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "identity_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("identity_key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("vectors", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256", "identity_key"),
    )
    with op.batch_alter_table("identity_templates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_templates_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("identity_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_templates_sha256"))
    op.drop_table("identity_templates")
