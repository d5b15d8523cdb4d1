"""``briefing --no-mouse`` and ``BRIEFING_NO_MOUSE`` open the app with mouse tracking off.

Over SSH, mouse tracking makes the terminal's own text selection need Shift; an analyst who
wants to select a paragraph to paste asks for it off. What Textual is asked for is what these
tests check: ``App.run(mouse=...)`` is the one switch that turns tracking on or off.
"""

from __future__ import annotations

import pytest

from briefing.cli.main import run


class _RecordingApp:
    """Stands in for the real app: records how ``run`` was called, draws nothing."""

    return_code = 0

    def __init__(self, calls: list[dict]) -> None:
        self.calls = calls

    def run(self, **kwargs) -> None:
        self.calls.append(kwargs)


@pytest.fixture
def run_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    import briefing.app as app_package
    import briefing.app.app as app_module

    calls: list[dict] = []
    monkeypatch.setattr(app_module, "make_app", lambda *a, **k: _RecordingApp(calls))
    monkeypatch.setattr(app_package, "_terminal_input", lambda: True)  # pytest's stdin is no terminal
    monkeypatch.delenv("BRIEFING_NO_MOUSE", raising=False)
    return calls


def test_mouse_is_on_by_default(run_calls: list[dict]) -> None:
    assert run([]) == 0
    assert run_calls == [{"mouse": True}]


def test_no_mouse_option_turns_tracking_off(run_calls: list[dict]) -> None:
    assert run(["--no-mouse"]) == 0
    assert run_calls == [{"mouse": False}]


@pytest.mark.parametrize("value, mouse", [("1", False), ("yes", False), ("0", True), ("", True)])
def test_environment_sets_the_default(run_calls: list[dict], monkeypatch: pytest.MonkeyPatch,
                                      value: str, mouse: bool) -> None:
    monkeypatch.setenv("BRIEFING_NO_MOUSE", value)
    assert run([]) == 0
    assert run_calls == [{"mouse": mouse}]
