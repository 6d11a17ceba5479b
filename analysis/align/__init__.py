"""Alignment of a main/aux pair in time: sound first, then movement, then metadata."""
