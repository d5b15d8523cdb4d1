"""A small immutable value compared by its fields, for the records of a lookup's answer.

What ``@dataclass(frozen=True)`` or a NamedTuple give, without their cost as a module loads
(dataclasses imports inspect, ast and dis; a NamedTuple class costs about eight times a plain
one to make): lookups are budgeted against ``import tomllib`` (bench/run.py).
"""

from __future__ import annotations


class Value:
    """Fields named by ``__slots__``, set once by position; equal, hashed and shown by them."""

    __slots__: tuple[str, ...] = ()

    def __init__(self, *values: object) -> None:
        for name, value in zip(self.__slots__, values, strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._values() == self._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self.__slots__)})"
