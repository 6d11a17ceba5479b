"""Synthesis of test and example media from real photos (tooling, not analysis)."""
