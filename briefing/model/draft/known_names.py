"""The entity names already known: every name in the editions under the data folders, with its kind.

The drafter matches these first, before any pattern or proposal (:mod:`.entities`).
"""

from __future__ import annotations

from pathlib import Path

from .name_patterns import KINDS


def known_names(data_roots: list[Path], exclude: str | None = None) -> dict[str, str]:
    """Every entity name in the editions under ``data_roots`` (less edition ``exclude``), with its kind."""
    names: dict[str, str] = {}
    for root in data_roots:
        if not root.is_dir():
            continue
        import tomllib  # here, not at the top: a draft without data folders (bench/draft_scale.py) reads no TOML

        folders = [root] if (root / "report.toml").exists() else sorted(p for p in root.iterdir() if p.is_dir())
        for folder in folders:
            if folder.name == exclude:
                continue
            for file in ("news.toml", "timeline.toml", "trends.toml"):
                path = folder / file
                try:
                    data = tomllib.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
                for records in data.values():
                    if not isinstance(records, list):
                        continue
                    for record in records:
                        entities = record.get("entities", {}) if isinstance(record, dict) else {}
                        for kind in KINDS:
                            for name in entities.get(kind, []) if isinstance(entities, dict) else []:
                                if isinstance(name, str):
                                    names.setdefault(name, kind)
    return names
