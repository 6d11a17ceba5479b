"""Behaviour detection: the sampling runner, detectors, observations and rules."""
