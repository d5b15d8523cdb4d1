"""Where briefing keeps things: shipped data, the user's config (notes) and cache dirs.

Every location has an environment override so tests and unusual set-ups never touch
a real home: ``BRIEFING_DATA``, ``BRIEFING_CONFIG_DIR``, ``BRIEFING_CACHE_DIR``,
``BRIEFING_EDITIONS_DIR`` for my editions, and ``BRIEFING_TEAM_DIR`` for the team's shared
folder (notes, and published editions in its ``editions/``). Which editions are read by
default (shipped, mine, the team's) is :mod:`briefing.model.library`'s to say.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "briefing"


def shipped_data_dir() -> Path:
    """The editions shipped with briefing.

    ``briefing/data`` is a link to the checkout's top-level ``data/`` folder, and
    ``pip install .`` copies the files behind it into the installed package, so one
    path serves a checkout, an editable install and a regular install.
    """
    return (Path(__file__).resolve().parent.parent / "data").resolve()


def named_data_paths(explicit: list[str] | None = None) -> list[Path] | None:
    """The data paths named: ``--data`` values, else ``BRIEFING_DATA`` (``os.pathsep``-separated), else None."""
    if explicit:
        return [Path(p).expanduser() for p in explicit]
    env = os.environ.get("BRIEFING_DATA")
    if env:
        return [Path(p).expanduser() for p in env.split(os.pathsep) if p]
    return None


def data_paths(explicit: list[str] | None = None) -> list[Path]:
    """The data paths named, else the shipped data alone (the library of every place is
    :func:`briefing.model.library.data_paths`, which the app and the commands use)."""
    return named_data_paths(explicit) or [shipped_data_dir()]


def my_editions_dir() -> Path:
    """My editions: ``editions/`` in the user's data dir (``BRIEFING_EDITIONS_DIR`` overrides); drafts go here."""
    env = os.environ.get("BRIEFING_EDITIONS_DIR")
    if env:
        return Path(env).expanduser()
    if sys.platform.startswith("linux"):
        return _xdg("XDG_DATA_HOME", ".local/share") / "editions"
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "editions"


def config_dir() -> Path:
    """The user's config dir for briefing, where notes are kept."""
    env = os.environ.get("BRIEFING_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    if sys.platform.startswith("linux"):
        # What platformdirs answers on Linux, without its import on every shell lookup.
        return _xdg("XDG_CONFIG_HOME", ".config")
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


#: The settings file in the config dir: ``team_dir = "/srv/briefing-team"`` (see :func:`team_dir`).
SETTINGS_FILE = "config.toml"
#: The settings file is read whole; a larger one is ignored (and reported by :func:`team_dir`).
MAX_SETTINGS_BYTES = 64 * 1024


def team_dir() -> tuple[Path | None, str | None]:
    """The team's shared notes folder, and a sentence when the setting could not be read.

    ``BRIEFING_TEAM_DIR`` wins; else ``team_dir`` in ``config.toml`` in the config dir;
    else there is no team folder (``(None, None)``). Only a regular file is read as settings.
    """
    env = os.environ.get("BRIEFING_TEAM_DIR")
    if env:
        return Path(env).expanduser(), None
    path = config_dir() / SETTINGS_FILE
    from .safe_io import read_regular

    try:
        data = read_regular(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return None, None
    except OSError as error:
        return None, f"The settings file {path} could not be read ({error.strerror or error}); no team folder is used."
    import tomllib

    try:
        value = tomllib.loads(data.decode("utf-8")).get("team_dir")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return None, f"The settings file {path} is not valid TOML ({error}); no team folder is used."
    if value is None or value == "":
        return None, None
    if not isinstance(value, str):
        return None, f"In {path}, team_dir is not a string (a folder path); no team folder is used."
    return Path(value).expanduser(), None


def cache_dir() -> Path:
    """The user's cache dir for briefing, where parsed datasets are cached."""
    env = os.environ.get("BRIEFING_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    if sys.platform.startswith("linux"):
        return _xdg("XDG_CACHE_HOME", ".cache")
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def _xdg(variable: str, default: str) -> Path:
    """``$XDG_..._HOME/briefing``, or ``~/<default>/briefing`` when unset or not absolute (the XDG rule)."""
    base = os.environ.get(variable, "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / default
    return root / APP_NAME
