"""Persistence: SQLAlchemy 2 ORM models, Alembic migrations, sessions."""
