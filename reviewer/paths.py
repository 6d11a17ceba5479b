"""Keeping every path inside the export, and naming files whose names are not UTF-8."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path, PurePosixPath


class PathEscape(ValueError):
    """A path that would leave the export folder (or cannot name a file in it).

    `code` says why, for the grader's language: absolute, parent_dir, link_outside,
    symlink_loop, unresolvable, nul_byte or empty.
    """

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def safe_join(root: Path, rel: str) -> Path:
    """`root/rel`, refusing absolute paths, `..` and symlinks that resolve outside root."""
    text = rel.strip().replace("\\", "/")
    if not text:
        raise PathEscape("empty path", "empty")
    if "\x00" in text:
        raise PathEscape(f"path {rel!r} contains a NUL byte", "nul_byte")
    pure = PurePosixPath(text)
    if pure.is_absolute() or (len(text) > 1 and text[1] == ":"):
        raise PathEscape(
            f"absolute path {rel!r} is not allowed; paths are relative to the export", "absolute"
        )
    if ".." in pure.parts:
        raise PathEscape(f"path {rel!r} climbs out of the export with '..'", "parent_dir")
    candidate = root.joinpath(*pure.parts)
    ensure_inside(root, candidate, rel)
    return candidate


def ensure_inside(root: Path, candidate: Path, shown: str) -> None:
    """Raise PathEscape if `candidate` resolves outside `root` or through a link loop."""
    try:
        real_root = root.resolve()
        real = candidate.resolve()
    except RuntimeError as exc:  # Python 3.11 on a loop
        raise PathEscape(f"path {shown!r} is a symlink loop", "symlink_loop") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise PathEscape(f"path {shown!r} is a symlink loop", "symlink_loop") from exc
        raise PathEscape(
            f"path {shown!r} cannot be resolved: {exc.strerror or exc}", "unresolvable"
        ) from exc
    if real != real_root and real_root not in real.parents:
        raise PathEscape(
            f"path {shown!r} resolves outside the export (symlink to {real})", "link_outside"
        )


def rel_posix(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def shown_name(text: str) -> str:
    """A name from the file system as valid UTF-8 text.

    Names that are not UTF-8 (bytes such as 0xff from old Windows tools) arrive as
    surrogate escapes; they are shown, stored and reported with each bad byte as a
    backslash escape (``\\xff``). `disk_path` turns that back into the real name.
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


_ESCAPED = re.compile(rb"\\x([0-9a-f]{2})")


def disk_path(root: Path, rel: str) -> Path:
    """The real file that the stored (shown) relative path `rel` names.

    A name with a ``\\xNN`` escape is the escaped name of a file whose real name has
    that byte; a file literally named with the backslash wins if there is one.
    """
    plain = root / rel
    if "\\x" not in rel or os.path.lexists(plain):
        return plain
    return root / real_name(rel)


def real_path(shown: str) -> Path:
    """`disk_path` for a whole stored path (an export's root)."""
    plain = Path(shown)
    if "\\x" not in shown or os.path.lexists(plain):
        return plain
    return Path(real_name(shown))


def real_name(shown: str) -> str:
    """Undo `shown_name`: each ``\\xNN`` escape becomes its byte again."""
    raw = _ESCAPED.sub(lambda m: bytes([int(m[1], 16)]), shown.encode("utf-8", "surrogateescape"))
    return os.fsdecode(raw)


FILE_KINDS = {
    stat.S_IFIFO: "fifo",
    stat.S_IFSOCK: "socket",
    stat.S_IFCHR: "char_device",
    stat.S_IFBLK: "block_device",
    stat.S_IFDIR: "directory",
}


def file_kind(mode: int) -> str:
    """What `st_mode` is: regular, fifo, socket, char_device, block_device, directory
    or other."""
    if stat.S_ISREG(mode):
        return "regular"
    return FILE_KINDS.get(stat.S_IFMT(mode), "other")
