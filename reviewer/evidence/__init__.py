"""Evidence packages for the discipline committee (issue #15) and their offline check.

`export_evidence` (package.py) writes one subject's package; `verify` (bag.py)
checks one. Both are Qt-free; the CLI is in `reviewer.evidence.cli`.
"""
