"""``briefing publish``: mark an edition published and copy it into the team's editions, whole or not at all.

Publishing refuses while doubtful values are left to review, unless forced with a reason
(kept in the mark and shown by ``briefing editions``). The mark is ``published.toml`` in the
edition folder (who, when, the reason when forced, what was left), written through a new
file renamed into place.

With a team folder, the edition is copied into ``<team>/editions/<id>``:

* everything happens relative to descriptors opened with ``O_NOFOLLOW``, so a link planted
  as the editions folder, the temporary folder or any file is never followed;
* the copy goes into a new temporary folder (``.publishing-<id>-...``, made by ``mkdir``,
  which fails on any existing name) inside the team's editions folder, each file created
  with ``O_CREAT|O_EXCL|O_NOFOLLOW``, written and synced, then the folder is renamed to the
  edition's id: a teammate sees the whole edition or nothing (a leftover temporary folder,
  from a publish that was killed, is listed by ``briefing editions`` as half-copied);
* files are mode 0640 and folders 0750 (0750 + setgid for the editions folder when made here,
  group-writable and sticky like the team folder so teammates can publish but never remove
  each other's editions), in the team folder's group: readable by the team, changed by no one else;
* an edition already in the team's editions is never replaced; the mark in my folder is written
  only once the copy is in place, so a refused or failed publish changes nothing (a publish
  stopped between the copy and the mark is finished by the next one, when the team's copy
  holds the very same dataset files; an edition marked while no team folder was set is
  copied by publishing it again once one is).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

from ..data.editions import FILES
from ..safe_io import read_regular
from .catalog import PUBLISHING_PREFIX, TEAM_EDITIONS, Found
from .status import PUBLISHED, PUBLISHED_FILE, REVIEW_FILE, Status, edition_status

#: Files copied besides the datasets (the source document is ``source.*``).
EXTRA_FILES = (REVIEW_FILE, "REVIEW.md", PUBLISHED_FILE)
#: Each copied file is read up to this size.
MAX_COPY_BYTES = 256 * 1024 * 1024
FILE_MODE, FOLDER_MODE = 0o640, 0o750


class PublishRefused(Exception):
    """Publishing was refused or failed; the message is one sentence for the analyst, and nothing was changed."""


class Published(NamedTuple):
    folder: Path
    team_copy: Path | None
    status: Status


def publish(found: Found, *, team: Path | None, force: bool = False, reason: str = "",
            by: str | None = None, now: dt.datetime | None = None) -> Published:
    """Mark ``found`` published and, when ``team`` (the team folder) is set, copy it into the team's editions."""
    from .catalog import SHIPPED, TEAM

    if found.place == SHIPPED:
        raise PublishRefused(f"{found.id} is a shipped edition: published already, nothing to do")
    if found.place == TEAM:
        raise PublishRefused(f"{found.id} is in the team's editions already ({found.folder})")
    status = edition_status(found.folder)
    marked = (found.folder / PUBLISHED_FILE).exists()
    if status.kind == PUBLISHED and marked and not force:
        force, reason = bool(status.reason), status.reason  # marked already: the mark's decision stands
        status = Status(status.kind, status.left, status.total)
    if status.problem and not force:
        raise PublishRefused(f"{found.id}: {status.problem}; fix it, or publish anyway with --force --reason TEXT")
    if status.left and not force:
        raise PublishRefused(
            f"{found.id} has {status.left} of {status.total} doubtful values left to review; see them with "
            f"'briefing review {found.id}' or 'briefing validate --verbose {found.folder}', "
            "or publish anyway with --force --reason TEXT")
    if force and not reason.strip():
        raise PublishRefused("--force needs --reason TEXT: the reason is kept with the edition and shown to the team")
    mark = _mark(by or _login(), now or dt.datetime.now(dt.timezone.utc), reason.strip() if force else "", status)
    # Marked already (published with no team folder then): now copied. Not marked but the team holds the
    # same files: a publish stopped between the copy and the mark, which is all that is left to do.
    copy = _copy_to_team(found, team / TEAM_EDITIONS, mark, finish=not marked) if team is not None else None
    _write_mark(found.folder, mark)
    return Published(found.folder, copy, edition_status(found.folder))


def _login() -> str:
    import pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return str(os.getuid())


def _mark(by: str, when: dt.datetime, reason: str, status: Status) -> bytes:
    import tomli_w

    body = {"by": by, "when": when.replace(microsecond=0).isoformat(), "left": status.left,
            "doubtful": status.total}
    if reason:
        body["reason"] = " ".join(reason.split())
    return ("# Published with `briefing publish`: who, when, and why when values were left to review.\n"
            + tomli_w.dumps(body)).encode("utf-8")


def _write_mark(folder: Path, mark: bytes) -> None:
    """published.toml in ``folder``, through a new temporary file renamed into place."""
    fd = _open_folder(folder)
    try:
        name = _new_file(fd, f".{PUBLISHED_FILE}.tmp-{os.getpid()}", mark, 0o644)
        os.replace(name, PUBLISHED_FILE, src_dir_fd=fd, dst_dir_fd=fd)
        os.fsync(fd)
    except OSError as error:
        raise PublishRefused(f"cannot write {folder / PUBLISHED_FILE}: {error.strerror or error}") from None
    finally:
        os.close(fd)


def _copy_to_team(found: Found, editions: Path, mark: bytes, *, finish: bool) -> Path:
    files = _files_to_copy(found.folder, mark)
    parent = _team_editions_fd(editions)
    temporary = ""
    try:
        gid = os.fstat(parent).st_gid
        if _exists(found.id, parent):
            if finish and _same_data(parent, found.id, files):
                return editions / found.id  # copied by a publish stopped before its mark: only the mark is left
            raise PublishRefused(f"{found.id} is in the team's editions already ({editions / found.id}); "
                                 "it is never replaced")
        temporary = _new_folder(parent, f"{PUBLISHING_PREFIX}{found.id}-")
        folder = os.open(temporary, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=parent)
        try:
            for name, data in files.items():
                _new_file(folder, name, data, FILE_MODE, gid=gid)
            _group(folder, gid)
            os.fchmod(folder, FOLDER_MODE)
            os.fsync(folder)
        finally:
            os.close(folder)
        if _exists(found.id, parent):  # published by someone else meanwhile: theirs stays
            raise PublishRefused(f"{found.id} was published into the team's editions meanwhile; it is never replaced")
        os.rename(temporary, found.id, src_dir_fd=parent, dst_dir_fd=parent)
        temporary = ""
        os.fsync(parent)
    except PublishRefused:
        raise
    except OSError as error:
        raise PublishRefused(f"cannot publish into {editions}: {error.strerror or error}; nothing was written") \
            from None
    finally:
        if temporary:
            _remove(parent, temporary)
        os.close(parent)
    return editions / found.id


def _same_data(parent: int, name: str, files: dict[str, bytes]) -> bool:
    """True when the team's ``name`` holds exactly our dataset files (read without following a link)."""
    try:
        folder = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=parent)
    except OSError:
        return False
    try:
        for file in FILES:
            fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
            try:
                found = os.fstat(fd)
                if not stat.S_ISREG(found.st_mode) or found.st_size != len(files[file]):
                    return False
                if os.read(fd, len(files[file]) + 1) != files[file]:
                    return False
            finally:
                os.close(fd)
    except (OSError, KeyError):
        return False
    finally:
        os.close(folder)
    return True


def _files_to_copy(folder: Path, mark: bytes) -> dict[str, bytes]:
    """The edition's files to copy (regular files only), the mark among them."""
    names = [*FILES, *EXTRA_FILES[:2]]
    try:
        names += sorted(n for n in os.listdir(folder) if n.startswith("source.") and "/" not in n)
    except OSError as error:
        raise PublishRefused(f"cannot read {folder}: {error.strerror or error}") from None
    files: dict[str, bytes] = {}
    for name in names:
        try:
            files[name] = read_regular(folder / name, MAX_COPY_BYTES)
        except FileNotFoundError:
            if name in FILES:
                raise PublishRefused(f"{folder} has no {name}: not a whole edition") from None
        except OSError as error:
            raise PublishRefused(f"cannot read {folder / name}: {error.strerror or error}") from None
    files[PUBLISHED_FILE] = mark
    return files


def _team_editions_fd(editions: Path) -> int:
    """A descriptor on the team's editions folder, made (group-writable, sticky, setgid) when missing."""
    team = editions.parent
    try:
        team_fd = os.open(team, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise PublishRefused(f"cannot publish into the team folder {team}: {error.strerror or error}; "
                             "nothing was written") from None
    try:
        try:
            os.mkdir(TEAM_EDITIONS, 0o700, dir_fd=team_fd)
            made = True
        except FileExistsError:
            made = False
        except OSError as error:
            raise PublishRefused(f"cannot make {editions}: {error.strerror or error}; nothing was written") from None
        try:
            fd = os.open(TEAM_EDITIONS, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=team_fd)
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.ENOTDIR):
                raise PublishRefused(f"{editions} is not a plain folder (a link or a file); not publishing "
                                     "through it") from None
            raise PublishRefused(f"cannot open {editions}: {error.strerror or error}; nothing was written") from None
        if made:
            team_info = os.fstat(team_fd)
            _group(fd, team_info.st_gid)
            os.fchmod(fd, 0o3770 if team_info.st_mode & stat.S_IWGRP else 0o755)
        return fd
    finally:
        os.close(team_fd)


def _group(fd: int, gid: int) -> None:
    """Give ``fd`` the team's group (a folder without setgid does not); not a member: left as it is."""
    try:
        if os.fstat(fd).st_gid != gid:
            os.fchown(fd, -1, gid)
    except OSError:
        pass


def _exists(name: str, parent: int) -> bool:
    try:
        os.lstat(name, dir_fd=parent)
    except FileNotFoundError:
        return False
    return True


def _new_folder(parent: int, prefix: str) -> str:
    for _ in range(100):
        name = prefix + os.urandom(4).hex()
        try:
            os.mkdir(name, 0o700, dir_fd=parent)  # fails on any name that exists, a link included
        except FileExistsError:
            continue
        return name
    raise FileExistsError(errno.EEXIST, f"100 folders named {prefix}... exist")


def _new_file(folder: int, name: str, data: bytes, mode: int, *, gid: int | None = None) -> str:
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=folder)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        if gid is not None:
            _group(fd, gid)
        os.fchmod(fd, mode)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        try:
            os.unlink(name, dir_fd=folder)
        except OSError:
            pass
        raise
    os.close(fd)
    return name


def _open_folder(folder: Path) -> int:
    try:
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise PublishRefused(f"cannot open {folder}: {error.strerror or error}") from None


def _remove(parent: int, name: str) -> None:
    """Remove our temporary folder and the files we made in it (never following a link)."""
    try:
        folder = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=parent)
    except OSError:
        return
    try:
        for entry in os.listdir(folder):
            try:
                os.unlink(entry, dir_fd=folder)
            except OSError:
                pass
    finally:
        os.close(folder)
    try:
        os.rmdir(name, dir_fd=parent)
    except OSError:
        pass
