"""names and paths as text, decision times from the database's clock, scan owner

Candidate ids, subject names, export roots, recording paths and grader names
become TEXT: PostgreSQL refused a candidate folder over 128 characters or a
path over 1,024 with a DataError, where SQLite took them, so the same export
scanned differently on the two databases.

Decisions and audit rows take their time from the database's clock
(`now()`), not from each workstation's: the clocks of two graders' machines
disagree. (Which decision is the latest is the database's order, the id.)

Scans record the host and process running them, so a later scan can mark
one whose process died as interrupted instead of leaving it running forever.

On SQLite, changing a column's type copies the table (batch mode); `migrate`
turns foreign keys off meanwhile, so dropping the old table cascades nothing.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 04:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# (table, column, old length): widened to TEXT
WIDENED = [
    ('exports', 'root', 1024),
    ('candidates', 'candidate_id', 128),
    ('subjects', 'name', 256),
    ('recordings', 'path', 1024),
    ('decisions', 'grader', 128),
    ('audit', 'grader', 128),
]


# (table, column): time of the row, from the database's clock
SERVER_TIMES = [('decisions', 'created_at'), ('audit', 'at')]


def upgrade() -> None:
    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('host', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('pid', sa.Integer(), nullable=True))
    for table, column, length in WIDENED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column, existing_type=sa.String(length=length), type_=sa.Text()
            )
    for table, column in SERVER_TIMES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column,
                existing_type=sa.DateTime(timezone=True),
                existing_nullable=False,
                server_default=sa.func.now(),
            )


def downgrade() -> None:
    for table, column in SERVER_TIMES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column,
                existing_type=sa.DateTime(timezone=True),
                existing_nullable=False,
                server_default=None,
            )
    for table, column, length in reversed(WIDENED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column, existing_type=sa.Text(), type_=sa.String(length=length)
            )
    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.drop_column('pid')
        batch_op.drop_column('host')
