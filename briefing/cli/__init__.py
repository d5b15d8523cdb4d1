"""The shell commands: quick lookups, validation and export, without importing textual."""

from .main import run

__all__ = ["run"]
