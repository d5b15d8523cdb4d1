"""The stores folder, trusted only as opened: the user's own, writable by nobody else.

Checked with ``fstat`` on the folder's descriptor, never by path before opening, so a
folder swapped in above it (a cache under a shared /tmp, say) cannot pass for ours.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..safe_io import make_folders


class UntrustedFolder(OSError):
    """The stores folder is not this user's alone: nothing is read from it or written into it."""


def private_folder_fd(folder: Path, *, create: bool) -> int:
    """A descriptor of ``folder``, checked on the opened folder to be the user's and writable by no one else.

    ``create`` makes it (mode 0700) when missing; a folder of the user's that others can
    write to is made private again (``fchmod``): files others may have put in it meanwhile
    are theirs, and :func:`~.opening.open_store` never reads those. Raises OSError
    (:class:`UntrustedFolder` when it is someone else's).
    """
    if create:
        make_folders(folder, 0o700)  # its missing parents too, 0700 whatever the umask
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        found = os.fstat(fd)
        if hasattr(os, "getuid") and found.st_uid != os.getuid():
            raise UntrustedFolder(f"{folder} belongs to another user")
        if found.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            if not create:
                raise UntrustedFolder(f"{folder} can be written by others")
            os.fchmod(fd, 0o700)
    except BaseException:
        os.close(fd)
        raise
    return fd
