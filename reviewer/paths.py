"""Keeping every path inside the export."""

from __future__ import annotations

from pathlib import Path, PurePosixPath


class PathEscape(ValueError):
    """A path that would leave the export folder."""


def safe_join(root: Path, rel: str) -> Path:
    """`root/rel`, refusing absolute paths, `..` and symlinks that resolve outside root."""
    text = rel.strip().replace("\\", "/")
    if not text:
        raise PathEscape("empty path")
    pure = PurePosixPath(text)
    if pure.is_absolute() or (len(text) > 1 and text[1] == ":"):
        raise PathEscape(f"absolute path {rel!r} is not allowed; paths are relative to the export")
    if ".." in pure.parts:
        raise PathEscape(f"path {rel!r} climbs out of the export with '..'")
    candidate = root.joinpath(*pure.parts)
    ensure_inside(root, candidate, rel)
    return candidate


def ensure_inside(root: Path, candidate: Path, shown: str) -> None:
    real_root = root.resolve()
    real = candidate.resolve()
    if real != real_root and real_root not in real.parents:
        raise PathEscape(f"path {shown!r} resolves outside the export (symlink to {real})")


def rel_posix(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
