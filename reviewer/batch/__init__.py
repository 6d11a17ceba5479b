"""Overnight batches across many machines: the scan's stages as jobs on a
procrastinate queue in the team's PostgreSQL (see docs/architecture.md)."""
