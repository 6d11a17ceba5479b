"""Reason codes and facts of the export-level flags, with their English wording.

`missing_recording` and `signature_invalid` flags carry a short `reason` code and
`facts` (plain strings and numbers) from which the English `detail` here, or the
grader's own language at the desk, is worded. A missing recording's code and facts
are stored in `RecordingRow.missing_reason` as ``code`` or ``code {json facts}``;
databases from before hold an English sentence there, shown as it is.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping

from analysis.flags import Camera, FactValue, Flag, FlagType

log = logging.getLogger(__name__)

Facts = Mapping[str, FactValue]

# Why a path named by manifest.csv was refused (PathEscape.code).
REFUSED = {
    "absolute": "it is an absolute path; paths are relative to the export",
    "parent_dir": "it climbs out of the export with '..'",
    "link_outside": "it resolves outside the export through a symlink",
    "symlink_loop": "it is a symlink loop",
    "unresolvable": "it cannot be resolved",
    "nul_byte": "it contains a NUL byte",
    "empty": "it is empty",
}

# missing_recording: code -> English wording of its facts
MISSING = {
    "absent": "listed in manifest.csv as {path} but the file is absent",
    "not_in_manifest": "manifest.csv lists no {camera} recording",
    "not_in_layout": "no {camera} recording in the export",
    "manifest_path_refused": "manifest.csv line {line}: path {path} refused: {why_text}",
    "link_outside_export": "{path} is a link to a file outside the export; not read",
    "symlink_loop": "{path} is a symlink loop; not read",
    "unresolvable": "{path} cannot be resolved; not read",
    "not_a_regular_file": "{path} is not a regular file ({kind}); not opened",
    "gone_since_earlier_scan": "no longer in the export since an earlier scan",
}

# signature_invalid: code -> English wording of its facts
SIGNATURE = {
    "manifest_absent": "a manifest key is configured but the export has no manifest.csv",
    "manifest_unreadable": "cannot read {file}: {error}",
    "manifest_link_outside": "{file} is a link to a file outside the export; not read",
    "signature_missing": "manifest.csv.sig is missing",
    "signature_unreadable": "cannot read manifest.csv.sig: {error}",
    "signature_malformed": "manifest.csv.sig is {bytes} bytes; a raw Ed25519 signature is 64",
    "signature_mismatch": (
        "manifest.csv.sig does not verify: the manifest was changed or signed by another key"
    ),
}


def _word(table: Mapping[str, str], code: str, facts: Facts) -> str:
    extra = {"why_text": REFUSED.get(str(facts.get("why", "")), str(facts.get("why", "")))}
    return table[code].format(**{**extra, **facts})


def signature_flag(code: str, **facts: FactValue) -> Flag:
    return Flag(
        FlagType.SIGNATURE_INVALID,
        Camera.EXPORT,
        _word(SIGNATURE, code, facts),
        reason=code,
        facts=facts,
    )


def missing_detail(code: str, facts: Facts) -> str:
    return _word(MISSING, code, facts)


def encode_missing(code: str, facts: Facts) -> str:
    """What `RecordingRow.missing_reason` holds: the code, then its facts as JSON."""
    if code not in MISSING:
        raise ValueError(f"unknown missing_recording reason {code!r}")
    if not facts:
        return code
    return f"{code} {json.dumps(dict(facts), ensure_ascii=False, sort_keys=True)}"


def missing_flag(camera: Camera, stored: str | None) -> Flag:
    """The `missing_recording` flag of a stored reason (code and facts, or old English)."""
    text = stored or "missing"
    code, _, rest = text.partition(" ")
    if code in MISSING:
        try:
            facts = json.loads(rest) if rest else {}
            if isinstance(facts, dict):
                return Flag(
                    FlagType.MISSING_RECORDING,
                    camera,
                    missing_detail(code, facts),
                    reason=code,
                    facts=facts,
                )
        except (ValueError, KeyError, IndexError):
            log.debug("missing reason %r is not code and facts; shown as it is", text)
    return Flag(FlagType.MISSING_RECORDING, camera, text)
