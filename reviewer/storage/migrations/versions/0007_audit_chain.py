"""tamper-evident audit log: the audit rows become a hash chain, with checkpoints

Each audit row gets its place in the chain (`seq`, 1, 2, 3... in the order of
the ids), the actor's `role` (the existing rows are all graders'), the previous
entry's hash and its own: sha256 over the canonical JSON of its content and the
previous hash (`reviewer.audit.chain.entry_hash`, copied here so that this
migration computes what it computed when it was written). Times are rewritten
in the database's own form of the value hashed (microseconds, UTC).

`subject_id` and `flag_id` lose their foreign keys: a cascade (SET NULL) would
rewrite a logged entry and break the chain.

New tables: `audit_head` (one row: the count and hash the next entry links to;
the lock every append takes) and `audit_checkpoints` (the head, signed where a
key is configured).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 05:20:00
"""

import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

GENESIS = '0' * 64
NAMING = {'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s'}


def _entry_hash(
    seq: int, at: str, actor: str, role: str, action: str, subject_id: int | None,
    flag_id: int | None, detail: object, prev: str,
) -> str:
    content = json.dumps(
        {
            'seq': seq,
            'at': at,
            'actor': actor,
            'role': role,
            'action': action,
            'subject_id': subject_id,
            'flag_id': flag_id,
            'detail': detail,
            'prev': prev,
        },
        sort_keys=True,
        separators=(',', ':'),
        ensure_ascii=False,
        allow_nan=False,
    )
    return hashlib.sha256(content.encode('utf-8')).hexdigest()


def _utc(at: datetime) -> datetime:
    return (at if at.tzinfo is not None else at.replace(tzinfo=UTC)).astimezone(UTC)


def _foreign_keys() -> list[tuple[str, str]]:
    """(constraint name, referred table) of the audit table's foreign keys."""
    if op.get_bind().dialect.name == 'sqlite':
        return [('fk_audit_flag_id_flags', 'flags'), ('fk_audit_subject_id_subjects', 'subjects')]
    return [('audit_flag_id_fkey', 'flags'), ('audit_subject_id_fkey', 'subjects')]


def upgrade() -> None:
    with op.batch_alter_table('audit', schema=None, naming_convention=NAMING) as batch_op:
        for name, _ in _foreign_keys():
            batch_op.drop_constraint(name, type_='foreignkey')
        batch_op.add_column(sa.Column('seq', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('role', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('count', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('audit_checkpoints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('count', sa.BigInteger(), nullable=False),
    sa.Column('head', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('key_id', sa.String(length=64), nullable=True),
    sa.Column('signature', sa.String(length=128), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )

    audit = sa.table(
        'audit',
        sa.column('id', sa.Integer()),
        sa.column('seq', sa.BigInteger()),
        sa.column('at', sa.DateTime(timezone=True)),
        sa.column('grader', sa.Text()),
        sa.column('role', sa.String()),
        sa.column('action', sa.String()),
        sa.column('subject_id', sa.Integer()),
        sa.column('flag_id', sa.Integer()),
        sa.column('detail', sa.JSON()),
        sa.column('prev_hash', sa.String()),
        sa.column('hash', sa.String()),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(
            audit.c.id, audit.c.at, audit.c.grader, audit.c.action,
            audit.c.subject_id, audit.c.flag_id, audit.c.detail,
        ).order_by(audit.c.id)
    ).all()
    prev, seq = GENESIS, 0
    for row in rows:
        seq += 1
        at = _utc(row.at)
        detail = row.detail if row.detail is not None else {}
        digest = _entry_hash(
            seq, at.strftime('%Y-%m-%dT%H:%M:%S.%fZ'), row.grader, 'grader', row.action,
            row.subject_id, row.flag_id, detail, prev,
        )
        conn.execute(
            audit.update().where(audit.c.id == row.id).values(
                seq=seq, at=at, role='grader', detail=detail, prev_hash=prev, hash=digest
            )
        )
        prev = digest
    head = sa.table(
        'audit_head', sa.column('id'), sa.column('count'), sa.column('hash')
    )
    conn.execute(head.insert().values(id=1, count=seq, hash=prev))

    with op.batch_alter_table('audit', schema=None) as batch_op:
        for column, type_ in (
            ('seq', sa.BigInteger()),
            ('role', sa.String(length=16)),
            ('prev_hash', sa.String(length=64)),
            ('hash', sa.String(length=64)),
        ):
            batch_op.alter_column(column, existing_type=type_, nullable=False)
        batch_op.create_unique_constraint('uq_audit_seq', ['seq'])


def downgrade() -> None:
    with op.batch_alter_table('audit', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint('uq_audit_seq', type_='unique')
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('role')
        batch_op.drop_column('seq')
        for name, table in _foreign_keys():
            column = 'flag_id' if table == 'flags' else 'subject_id'
            batch_op.create_foreign_key(name, table, [column], ['id'], ondelete='SET NULL')
    op.drop_table('audit_checkpoints')
    op.drop_table('audit_head')
