"""flag reason and facts, alignment facts

Flags and alignments carry structured facts (a reason code and numbers) beside
the English detail, so the desk words them in the grader's language.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 04:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.String(length=32), server_default='', nullable=False))
        batch_op.add_column(sa.Column('facts', sa.JSON(), nullable=True))
    with op.batch_alter_table('subjects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('align_facts', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('subjects', schema=None) as batch_op:
        batch_op.drop_column('align_facts')
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_column('facts')
        batch_op.drop_column('reason')
