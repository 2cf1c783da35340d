"""Problems found in the data, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located precisely enough to fix it."""

    file: str
    feature: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.feature}: {self.field}: {self.reason}"


class DataError(Exception):
    """The data could not be loaded or did not validate."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
