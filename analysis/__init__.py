"""Qt-free media analysis: decoding, hashing, probing, alignment, detection.

Nothing in this package knows about the database, the export layout or Qt.
"""

# Bump when a change to analysis code would change what a cached result says.
# Cached probes/flags are keyed on (sha256, ANALYSIS_VERSION).
ANALYSIS_VERSION = "2"
