"""Shared by the review tests: a draft of the shipped report, drafted once a session, copied for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import DATA, EDITION

#: The draft's folder name, and so its edition id.
DRAFT_ID = "2025-draft"


@pytest.fixture(scope="session")
def draft_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from briefing.model.draft.pipeline import draft_edition
    from briefing.model.draft.writer import write_draft

    draft = draft_edition(EDITION / "source.txt", [DATA])
    return write_draft(draft, tmp_path_factory.mktemp("template") / DRAFT_ID)


@pytest.fixture
def draft(tmp_path: Path, draft_template: Path) -> Path:
    """A writable draft of the shipped report, in ``tmp_path/data``: about 18 doubtful values among 292
    (the drafter's own titles and topics, ``ours = true``, are never doubtful)."""
    target = tmp_path / "data" / DRAFT_ID
    shutil.copytree(draft_template, target)
    return target
