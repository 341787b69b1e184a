"""Writing files so that a failure never leaves a partial file behind.

Write to a temporary file in the target folder, fsync, then rename over the target
(``os.replace`` is atomic on the same volume, on Windows too).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from models.errors import StorageError


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; StorageError (Japanese) on failure."""
    folder = path.parent
    tmp_name = ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = temp_file(folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = ""
        fsync_folder(folder)
    except OSError as exc:
        raise storage_error_for_os(exc, path) from exc
    finally:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def temp_file(folder: Path, *, prefix: str, suffix: str) -> tuple[int, str]:
    """Like ``tempfile.mkstemp`` but with the permissions of a normally created file
    (0666 less the umask), so a file renamed into place is readable as usual — mkstemp's
    0600 would lock colleagues out of a database on a shared folder."""
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    if os.name != "nt":
        try:
            os.fchmod(fd, 0o666 & ~_umask())
        except OSError:
            os.close(fd)
            os.unlink(name)
            raise
    return fd, name


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def storage_error_for_os(exc: OSError, path: Path) -> StorageError:
    """A Japanese explanation of why a file could not be written."""
    if exc.errno == errno.ENOSPC:
        message = f"ディスクの空き容量が不足しているため保存できませんでした：{path}"
    elif exc.errno == errno.EROFS:
        message = f"保存先が読み取り専用のため保存できませんでした：{path}"
    elif isinstance(exc, PermissionError):
        message = f"保存先に書き込めませんでした（権限がないか、ファイルを他のアプリ〔Excel等〕で開いています）：{path}"
    else:
        message = f"ファイルを保存できませんでした：{path}"
    return StorageError(message, detail=str(exc))
