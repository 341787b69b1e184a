"""Where a database file lives: on a network share SQLite's WAL mode is unsafe (its shared
memory is not coherent between PCs), so such files use the rollback journal instead."""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_FS_TYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ncpfs", "davfs", "fuse.davfs2"}
)
DRIVE_REMOTE = 4  # GetDriveTypeW


def is_network_path(path: Path) -> bool:
    """True when ``path`` is on a network file system (a UNC path, a mapped network drive,
    or an NFS/SMB mount). False when unsure: local is the common case."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":
        return _windows_drive_is_remote(path)
    if sys.platform.startswith("linux"):
        return _linux_fs_type(path) in NETWORK_FS_TYPES
    return False


def _windows_drive_is_remote(path: Path) -> bool:
    import ctypes

    drive = os.path.splitdrive(str(path.absolute()))[0]
    if not drive:
        return False
    kernel32 = getattr(ctypes, "windll").kernel32  # noqa: B009 (windll exists only on Windows)
    return bool(kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE)


def _linux_fs_type(path: Path) -> str:
    """The file system type of the mount holding ``path`` (longest mount point prefix)."""
    target = str(path.absolute().parent.resolve())
    best, best_type = "", ""
    try:
        with open("/proc/self/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                parts = line.split()
                if len(parts) < 3:
                    continue
                mount_point = parts[1].replace("\\040", " ")
                inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
                if inside and len(mount_point) >= len(best):
                    best, best_type = mount_point, parts[2]
    except OSError:
        return ""
    return best_type
