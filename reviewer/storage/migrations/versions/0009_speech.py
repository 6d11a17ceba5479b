"""speech: cached speech segments, transcripts and languages per file contents

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-30 07:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "speech",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("speech_key", sa.String(length=512), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256", "speech_key"),
    )
    with op.batch_alter_table("speech", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_speech_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("speech", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speech_sha256"))
    op.drop_table("speech")
