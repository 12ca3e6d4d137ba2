"""The exceptions of the stargate package: one per kind of the library's
``stargate::Error`` (include/stargate/error.h), each a subclass of both
:class:`Error` and the built-in exception it is closest to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple


@dataclass(frozen=True)
class Diagnostic:
    """One problem with a scenario, with everything needed to fix it.

    ``str(d)`` is the line ``stargate validate`` prints for it:
    ``file:line:column: key.path: message (suggestion)``.
    """

    file: Optional[str]
    """The file (or ``--set`` for an override) where the value was written; None if none."""
    line: Optional[int]
    """1-based line, or None when the value is not from a file line (an override, a default)."""
    column: Optional[int]
    """1-based column, or None with ``line``."""
    key: Optional[str]
    """The key path, e.g. ``sites.abilene.phases.phase2.duration``; None if none."""
    message: str
    """What is wrong: what was expected and what was written."""
    suggestion: Optional[str]
    """A did-you-mean or a hint; None if none."""
    text: str
    """The whole message, as the CLI prints it."""

    def __str__(self) -> str:
        return self.text


class Error(Exception):
    """Base class of every error the stargate library reports."""

    kind: str = "error"
    """``invalid_scenario``, ``io``, ``unsupported`` or ``internal``."""

    def __init__(self, message: str, errors: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.errors: List[Diagnostic] = list(errors)
        """Every problem found, in file order (empty for errors that are not about a scenario)."""


class ScenarioError(Error, ValueError):
    """A scenario (a file, TOML text, an override or a built-in id) breaks a rule.

    ``str(e)`` is every problem, one per line, exactly as ``stargate validate``
    prints them; ``e.errors`` holds them as :class:`Diagnostic` records.
    """

    kind = "invalid_scenario"


class IoError(Error, OSError):
    """A file could not be read or written (the CLI's exit code 3)."""

    kind = "io"


class UnsupportedError(Error, NotImplementedError):
    """A feature this build or this scenario does not support, such as report.html
    in a build without its chart library."""

    kind = "unsupported"


class InternalError(Error, RuntimeError):
    """A model invariant broke: a bug, please report it with the scenario."""

    kind = "internal"


_KINDS = {c.kind: c for c in (ScenarioError, IoError, UnsupportedError, InternalError)}

_Issue = Tuple[str, int, int, str, str, str, str]


def _from_native(kind: str, message: str, issues: Sequence[_Issue]) -> Error:
    """The exception for a ``stargate::Error`` (called by the native module)."""
    errors = [
        Diagnostic(
            file=file or None,
            line=line or None,
            column=column or None,
            key=key or None,
            message=text,
            suggestion=hint or None,
            text=whole,
        )
        for (file, line, column, key, text, hint, whole) in issues
    ]
    if errors:
        message = "\n".join(d.text for d in errors)
    return _KINDS.get(kind, InternalError)(message, errors)
