"""stargate: simulate AI compute infrastructure programs from Python.

Load a scenario, override its inputs by key path, run its base case or a
Monte Carlo, and read the results as a dict and pandas DataFrames. Every
DataFrame has the columns of the file it mirrors (docs/outputs.md): numbers
float64 (money in USD, NaN for none), counts int64, yes/no bool, dates
datetime64[ns] (NaT for none), text object (None for none); names carry their
unit where the file's do (``amount_usd``), and ``df.attrs["units"]`` maps each
column that has a unit to it. See docs/python.md.
"""

import os
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import pandas as pd

__version__: str
DEFAULT_SCENARIO: str
"""The scenario that runs when none is named: ``"stargate-2025-01"``."""

_Path = Union[str, os.PathLike[str]]

def builtins() -> List[str]:
    """The ids of the scenarios built into the library, e.g. ``["stargate-2025-01"]``."""

def reference() -> str:
    """Every key a scenario may contain, table by table, with its unit, default,
    bounds and doc, as Markdown (``stargate explain --params``; docs/reference.md).
    The key paths :meth:`Scenario.set` takes are made of these keys."""

def report_available() -> bool:
    """Whether this build carries the chart library that :meth:`RunResult.to_report` needs."""

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
    def __init__(
        self,
        file: Optional[str],
        line: Optional[int],
        column: Optional[int],
        key: Optional[str],
        message: str,
        suggestion: Optional[str],
        text: str,
    ) -> None: ...

class Error(Exception):
    """Base class of every error the stargate library reports."""

    kind: str
    """``invalid_scenario``, ``io``, ``unsupported`` or ``internal``."""
    errors: List[Diagnostic]
    """Every problem found, in file order (empty for errors that are not about a scenario)."""
    def __init__(self, message: str, errors: Sequence[Diagnostic] = ...) -> None: ...

class ScenarioError(Error, ValueError):
    """A scenario (a file, TOML text, an override or a built-in id) breaks a rule.

    ``str(e)`` is every problem, one per line, exactly as ``stargate validate``
    prints them; ``e.errors`` holds them as :class:`Diagnostic` records.
    """

class IoError(Error, OSError):
    """A file could not be read or written (the CLI's exit code 3)."""

class UnsupportedError(Error, NotImplementedError):
    """A feature this build or this scenario does not support, such as report.html
    in a build without its chart library."""

class InternalError(Error, RuntimeError):
    """A model invariant broke: a bug, please report it with the scenario."""

class Scenario:
    """A validated scenario: what a program consists of and when.

    Make one with :meth:`load`, :meth:`from_toml` or :meth:`builtin`; every
    problem in it raises :class:`ScenarioError`. :meth:`set` overrides an
    input by its key path, as ``--set`` does on the command line.
    """

    @classmethod
    def load(cls, path: _Path) -> Scenario:
        """Reads and validates a TOML scenario file.

        Raises :class:`ScenarioError` with every problem found
        (file:line:column, key path, did-you-mean), or :class:`IoError` (an
        ``OSError``) when the file cannot be read.
        """
    @classmethod
    def from_toml(cls, text: str, name: str = "<string>") -> Scenario:
        """Reads and validates a scenario from TOML text; ``name`` is what
        messages call it (in place of a file name)."""
    @classmethod
    def builtin(cls, id: str = ...) -> Scenario:
        """A scenario built into the library (see :func:`builtins`). An unknown
        id raises :class:`ScenarioError` with a did-you-mean."""
    def set(self, path: str, value: Any = ...) -> Scenario:
        """Overrides one input by its key path, exactly as ``--set path=value``.

        ``scenario.set("sites.abilene.phases.phase2.duration", "30mo")`` or
        ``scenario.set("sites.abilene.phases.phase2.duration=30mo")``. The value
        is text as written after ``=`` (``"30mo"``, ``"90%"``,
        ``'{ pert = ["30%", "54%", "80%"] }'``), or a Python number, bool or
        date. The scenario is read again with the override applied after the
        earlier ones and checked whole; a bad path or value raises
        :class:`ScenarioError` with the CLI's message and leaves this scenario
        as it was. Returns this scenario, so calls chain.
        """
    def copy(self) -> Scenario:
        """An independent copy: :meth:`set` on one does not change the other."""
    @property
    def id(self) -> str:
        """The scenario's id, e.g. ``stargate-2025-01``."""
    @property
    def name(self) -> str:
        """The scenario's name."""
    @property
    def source(self) -> str:
        """Where it came from: a path, ``builtin:<id>`` or the name given to :meth:`from_toml`."""
    @property
    def overrides(self) -> List[Tuple[str, str]]:
        """The overrides applied so far, in order, as ``(path, value)``."""
    def counts(self) -> str:
        """What it holds, e.g. ``'4 entities, 5 sites, 12 phases, …'``."""
    def explain(self) -> str:
        """The scenario in plain words (``stargate explain``): who, where, how much, when."""
    def run(self, *, step: Optional[str] = None) -> RunResult:
        """Runs the base case (``stargate run``): every uncertain input at its base value.

        ``step`` overrides the scenario's step length: ``"day"``, ``"week"``
        or ``"month"``. The GIL is released while it runs.
        """
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

class RunResult:
    """The results of one base-case run (:meth:`Scenario.run`).

    ``summary`` is ``summary.json`` as a dict; ``timeline``, ``flows``,
    ``runs`` and ``contracts`` are DataFrames. Each is made when first read
    and kept. ``str(result)`` is the CLI's terminal summary.
    """

    @property
    def scenario(self) -> Scenario:
        """The scenario as it was run (later :meth:`Scenario.set` calls do not change it)."""
    @property
    def label(self) -> str:
        """``"base case"``: every uncertain input at its base value, not a forecast."""
    @property
    def summary(self) -> Dict[str, Any]:
        """``summary.json`` as a dict: the same keys and values as the CLI writes
        (``stargate run --out``), without ``generated_at``. Dates are
        ``"YYYY-MM-DD"`` strings and none is ``None``, as in the file."""
    @property
    def timeline(self) -> pd.DataFrame:
        """``timeline.csv``: one row per step; ``date`` (the step's first day),
        then every series, its unit in its name (``abilene_online_it_mw``,
        ``energy_cost_usd``). Flows are the amount in the step, stocks the level
        during it."""
    @property
    def monthly_timeline(self) -> pd.DataFrame:
        """``timeline.csv --monthly``: one row per calendar month; ``month`` (its
        first day), flows summed over the month, stocks as at its last step."""
    @property
    def flows(self) -> pd.DataFrame:
        """``flows.csv``: every movement of money (date, from, to, kind,
        amount_usd, purpose), in the order they happened; ``external`` is the
        world outside the scenario."""
    @property
    def runs(self) -> pd.DataFrame:
        """``runs.csv``: one row per training run (run, tenant, status, site,
        accelerator, accelerators, start, end, flop, goodput, params, tokens,
        loss, cost_usd), then frontier, efficiency and reason."""
    @property
    def contracts(self) -> pd.DataFrame:
        """summary.json's ``market.contracts``: one row per capacity contract;
        ``delivered_end`` and ``peak_shortfall`` are in the row's ``unit``."""
    def to_report(self, path: _Path) -> str:
        """Writes report.html (``stargate run --report FILE``) to ``path``,
        atomically, and returns the path. Raises :class:`UnsupportedError` in a
        build without the chart library (see :func:`report_available`)."""
    def to_xlsx(self, path: _Path) -> str:
        """Writes the Excel workbook (``stargate run --xlsx FILE``) to ``path``,
        atomically, and returns the path."""

class MonteCarloResult:
    """The results of a Monte Carlo (:meth:`Scenario.monte_carlo`); always complete.

    ``quantiles``, ``fans``, ``dates``, ``questions`` and ``sensitivity`` are
    DataFrames mirroring ``stargate mc --out``'s files; ``summary`` is
    ``mc_summary.json`` as a dict. Quantiles are P5, P10, P25, P50, P75, P90
    and P95, in columns ``p5`` … ``p95``.
    """

    @property
    def complete(self) -> bool:
        """Whether every trial ran: always True for a result you hold (an
        interrupted Monte Carlo raises instead)."""
    @property
    def trials(self) -> int:
        """Trials run."""
    @property
    def seed(self) -> int:
        """The seed: trial i's draws depend only on (seed, i)."""
    @property
    def threads(self) -> int:
        """Threads used (the results do not depend on it)."""
    @property
    def seconds(self) -> float:
        """Wall time of the run."""
    @property
    def scenario(self) -> Scenario:
        """The scenario as it was run (later :meth:`Scenario.set` calls do not change it)."""
    @property
    def scenario_id(self) -> str:
        """The id of the scenario that ran."""
    @property
    def uncertain_inputs(self) -> List[str]:
        """The key paths of the inputs drawn in each trial."""
    @property
    def summary(self) -> Dict[str, Any]:
        """``mc_summary.json`` as a dict, without ``generated_at``."""
    @property
    def quantiles(self) -> pd.DataFrame:
        """``mc_summary.csv``: one row per metric (a key path such as
        ``totals.peak_funding_gap_usd``): unit, count (trials with a value),
        never (trials without one), mean, sd, min, max, p5 … p95 (float64, in
        the row's ``unit``), exact, rank_error. A date metric's statistics are
        NaN here; :attr:`dates` has them as dates."""
    @property
    def fans(self) -> pd.DataFrame:
        """``fan.csv``, long form: series, unit, month (datetime64, the month's
        first day; the value is at the month's end), mean, p5 … p95."""
    @property
    def dates(self) -> pd.DataFrame:
        """``dates.csv``: one row per date metric: trials, p_never (the share of
        trials in which it does not happen within the horizon), p5 … p95
        (datetime64, among the trials in which it does; NaT if none), then
        mean, min, max (datetime64) and sd_days."""
    @property
    def questions(self) -> pd.DataFrame:
        """``questions.csv``: one row per ``[[questions]]``: id, question, yes,
        trials, probability and its Wilson 95% interval lo95, hi95."""
    @property
    def sensitivity(self) -> pd.DataFrame:
        """``sensitivity.csv`` (empty without ``sensitivity=True``): input,
        metric, spearman, base, at_p10, at_p90, swing."""
    def fan(self, series: str) -> pd.DataFrame:
        """One series' fan chart, indexed by month: mean, p5 … p95.

        ``series`` is a timeline column name (``abilene_online_it_mw``,
        ``funding_gap_usd``; ``fans.series.unique()`` lists them). Raises
        ``KeyError`` with the closest names for one that has no fan.
        """
    def to_report(self, path: _Path) -> str:
        """Writes the Monte Carlo report.html (``stargate mc --report FILE``) to
        ``path``, atomically, and returns the path: P10 / P50 / P90 findings, fan
        charts, date ranges, questions, tornados (with ``sensitivity=True``) and
        the base case, which it runs first. Raises :class:`UnsupportedError` in
        a build without the chart library (see :func:`report_available`)."""
    def to_xlsx(self, path: _Path) -> str:
        """Writes the Monte Carlo workbook (``stargate mc --xlsx FILE``) to
        ``path``, atomically, and returns the path: the quantiles, dates,
        questions, fans and sensitivity, then the base case's sheets (which it
        runs first) and every input."""
