"""stargate.Scenario: load, override, explain, run and Monte Carlo."""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any, Callable, List, Optional, Tuple, Union

from . import _stargate as _native
from ._results import MonteCarloResult, RunResult

DEFAULT_SCENARIO: str = _native.DEFAULT_SCENARIO
_MISSING: Any = object()
_STEPS = ("day", "week", "month")


def _toml_text(value: Any) -> str:
    """An override's value as ``--set`` takes it: text as written, a Python
    number, bool or date as its TOML literal."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat()
    raise TypeError(
        f"set(): expected the value as text (as after '=' in --set), a number, a bool or a "
        f"date, got {type(value).__name__}"
    )


def _check_step(step: Optional[str]) -> None:
    if step is not None and step not in _STEPS:
        raise ValueError(f"step: expected 'day', 'week' or 'month', got {step!r}")


class Scenario:
    """A validated scenario: what a program consists of and when.

    Make one with :meth:`load`, :meth:`from_toml` or :meth:`builtin`; every
    problem in it raises :class:`~stargate.ScenarioError`. :meth:`set`
    overrides an input by its key path, as ``--set`` does on the command line.
    """

    __slots__ = ("_native",)

    def __init__(self, native: _native.Scenario) -> None:
        """Not for direct use: see :meth:`load`, :meth:`from_toml` and :meth:`builtin`."""
        if not isinstance(native, _native.Scenario):
            raise TypeError(
                "use Scenario.load(path), Scenario.from_toml(text) or Scenario.builtin(id)"
            )
        self._native = native

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"]) -> "Scenario":
        """Reads and validates a TOML scenario file.

        Raises :class:`~stargate.ScenarioError` with every problem found
        (file:line:column, key path, did-you-mean), or
        :class:`~stargate.IoError` (an ``OSError``) when the file cannot be read.
        """
        return cls(_native.Scenario.load(os.fspath(path)))

    @classmethod
    def from_toml(cls, text: str, name: str = "<string>") -> "Scenario":
        """Reads and validates a scenario from TOML text; ``name`` is what
        messages call it (in place of a file name)."""
        return cls(_native.Scenario.from_toml(text, name))

    @classmethod
    def builtin(cls, id: str = DEFAULT_SCENARIO) -> "Scenario":
        """A scenario built into the library (see :func:`stargate.builtins`).
        An unknown id raises :class:`~stargate.ScenarioError` with a did-you-mean."""
        return cls(_native.Scenario.builtin(id))

    def set(self, path: str, value: Any = _MISSING) -> "Scenario":
        """Overrides one input by its key path, exactly as ``--set path=value``.

        ``scenario.set("sites.abilene.phases.phase2.duration", "30mo")`` or
        ``scenario.set("sites.abilene.phases.phase2.duration=30mo")``. The value
        is text as written after ``=`` (``"30mo"``, ``"90%"``,
        ``'{ pert = ["30%", "54%", "80%"] }'``), or a Python number, bool or
        date. The scenario is read again with the override applied after the
        earlier ones and checked whole; a bad path or value raises
        :class:`~stargate.ScenarioError` with the CLI's message and leaves
        this scenario as it was. Returns this scenario, so calls chain.
        """
        if value is _MISSING:
            path, text = _native.Scenario.parse_override(path)
        else:
            path, text = path.strip(" \t"), _toml_text(value).strip(" \t")
        self._native = self._native.with_override(path, text)
        return self

    def copy(self) -> "Scenario":
        """An independent copy: :meth:`set` on one does not change the other."""
        return Scenario(self._native)

    @property
    def id(self) -> str:
        """The scenario's id, e.g. ``stargate-2025-01``."""
        return self._native.id

    @property
    def name(self) -> str:
        """The scenario's name."""
        return self._native.name

    @property
    def source(self) -> str:
        """Where it came from: a path, ``builtin:<id>`` or the name given to :meth:`from_toml`."""
        return self._native.source_name

    @property
    def overrides(self) -> List[Tuple[str, str]]:
        """The overrides applied so far, in order, as ``(path, value)``."""
        return list(self._native.overrides)

    def counts(self) -> str:
        """What it holds, e.g. ``'4 entities, 5 sites, 12 phases, …'``."""
        return self._native.counts()

    def explain(self) -> str:
        """The scenario in plain words (``stargate explain``): who, where, how much, when."""
        return self._native.explain()

    def run(self, *, step: Optional[str] = None) -> RunResult:
        """Runs the base case (``stargate run``): every uncertain input at its base value.

        ``step`` overrides the scenario's step length: ``"day"``, ``"week"``
        or ``"month"``. The GIL is released while it runs.
        """
        _check_step(step)
        return RunResult(self._native.simulate(step))

    def monte_carlo(
        self,
        trials: int = 1000,
        seed: Optional[int] = None,
        threads: int = 0,
        *,
        sensitivity: bool = False,
        sample: int = 2000,
        step: Optional[str] = None,
        block: int = 0,
        progress: Optional[Callable[[int, int], None]] = None,
    ) -> MonteCarloResult:
        """Monte Carlo (``stargate mc``): ``trials`` draws of every uncertain input.

        ``seed`` defaults to the scenario's ``[scenario] seed``; ``threads=0``
        uses every core (results do not depend on it). ``sensitivity`` adds
        rank correlations over ``sample`` trials and a tornado. ``progress``,
        if given, is called as ``progress(done, total)`` about every 100 ms.

        The GIL is released while it runs. Ctrl-C (SIGINT) stops it within a
        moment and raises ``KeyboardInterrupt``; an exception raised by
        ``progress`` stops it and is raised. Either way no result is returned:
        a result is always complete.
        """
        if int(trials) < 1:
            raise ValueError(f"trials: expected at least 1, got {trials}")
        if int(threads) < 0:
            raise ValueError(f"threads: expected 0 (every core) or more, got {threads}")
        if seed is not None and not 0 <= int(seed) < 2**64:
            raise ValueError(f"seed: expected an integer in [0, 2**64), got {seed}")
        if int(sample) < 1:
            raise ValueError(f"sample: expected at least 1, got {sample}")
        if int(block) < 0:
            raise ValueError(f"block: expected 0 (automatic) or more, got {block}")
        if progress is not None and not callable(progress):
            raise TypeError("progress: expected a callable progress(done, total)")
        _check_step(step)
        native = self._native.monte_carlo(
            int(trials),
            None if seed is None else int(seed),
            int(threads),
            int(block),
            bool(sensitivity),
            int(sample),
            step,
            progress,
        )
        return MonteCarloResult(native)

    def __repr__(self) -> str:
        more = f", {len(self.overrides)} overrides" if self.overrides else ""
        return f"<stargate.Scenario {self.id!r} from {self.source!r}{more}>"
