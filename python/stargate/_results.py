"""A run's and a Monte Carlo's results, as a dict and pandas DataFrames.

Every DataFrame has the columns of the file it mirrors (docs/outputs.md), with
dtypes rather than text: numbers float64 (money in USD, NaN for none), counts
int64, yes/no bool, dates datetime64[ns] (NaT for none), text object (None for
none). Column names carry their unit where the file's do (``amount_usd``,
``abilene_online_it_mw``), and ``df.attrs["units"]`` maps every column that has
a unit to it (``"USD"``, ``"MW"``, ``"FLOP/s"``, ``"fraction"``, ...).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import os
from functools import cached_property
from typing import TYPE_CHECKING, Any, Dict, List, Sequence, Tuple, Union

import pandas as pd

from . import _stargate as _native

if TYPE_CHECKING:
    from ._scenario import Scenario

_Columns = Sequence[Tuple[str, Any, str, str]]


def _frame(columns: _Columns) -> pd.DataFrame:
    """A DataFrame from the native module's (name, values, unit, kind) columns."""
    data: Dict[str, Any] = {}
    units: Dict[str, str] = {}
    for name, values, unit, kind in columns:
        if kind == "text":
            values = pd.Series(values, dtype=object)
        elif kind == "date":
            values = pd.Series(values, dtype="datetime64[ns]")
        else:
            values = pd.Series(values)
        data[name] = values
        if unit:
            units[name] = unit
    df = pd.DataFrame(data)
    df.attrs["units"] = units
    return df


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class RunResult:
    """The results of one base-case run (:meth:`Scenario.run`).

    ``summary`` is ``summary.json`` as a dict; ``timeline``, ``flows``,
    ``runs`` and ``contracts`` are DataFrames (module docstring). Each is made
    when first read and kept. ``str(result)`` is the CLI's terminal summary.
    """

    def __init__(self, native: _native.Run) -> None:
        """Not for direct use: see :meth:`Scenario.run`."""
        self._native = native

    @property
    def scenario(self) -> "Scenario":
        """The scenario as it was run (later :meth:`Scenario.set` calls do not change it)."""
        from ._scenario import Scenario

        return Scenario(self._native.scenario)

    @property
    def label(self) -> str:
        """``"base case"``: every uncertain input at its base value, not a forecast."""
        return self._native.label

    @cached_property
    def summary(self) -> Dict[str, Any]:
        """``summary.json`` as a dict: the same keys and values as the CLI writes
        (``stargate run --out``), without ``generated_at``. Dates are
        ``"YYYY-MM-DD"`` strings and none is ``None``, as in the file."""
        return json.loads(self._native.summary_json())

    @cached_property
    def timeline(self) -> pd.DataFrame:
        """``timeline.csv``: one row per step; ``date`` (the step's first day),
        then every series, its unit in its name (``abilene_online_it_mw``,
        ``energy_cost_usd``). Flows are the amount in the step, stocks the level
        during it."""
        return _frame(self._native.timeline(False))

    @cached_property
    def monthly_timeline(self) -> pd.DataFrame:
        """``timeline.csv --monthly``: one row per calendar month; ``month`` (its
        first day), flows summed over the month, stocks as at its last step."""
        return _frame(self._native.timeline(True))

    @cached_property
    def flows(self) -> pd.DataFrame:
        """``flows.csv``: every movement of money (date, from, to, kind,
        amount_usd, purpose), in the order they happened; ``external`` is the
        world outside the scenario."""
        return _frame(self._native.flows())

    @cached_property
    def runs(self) -> pd.DataFrame:
        """``runs.csv``: one row per training run (run, tenant, status, site,
        accelerator, accelerators, start, end, flop, goodput, params, tokens,
        loss, cost_usd), then frontier, efficiency and reason."""
        return _frame(self._native.runs())

    @cached_property
    def contracts(self) -> pd.DataFrame:
        """summary.json's ``market.contracts``: one row per capacity contract;
        ``delivered_end`` and ``peak_shortfall`` are in the row's ``unit``."""
        return _frame(self._native.contracts())

    def to_report(self, path: Union[str, "os.PathLike[str]"]) -> str:
        """Writes report.html (``stargate run --report FILE``) to ``path``,
        atomically, and returns the path. Raises
        :class:`~stargate.UnsupportedError` in a build without the chart
        library (see :func:`stargate.report_available`)."""
        p = os.fspath(path)
        self._native.write_report(p, _now())
        return p

    def to_xlsx(self, path: Union[str, "os.PathLike[str]"]) -> str:
        """Writes the Excel workbook (``stargate run --xlsx FILE``) to ``path``,
        atomically, and returns the path."""
        p = os.fspath(path)
        self._native.write_workbook(p)
        return p

    def __str__(self) -> str:
        return self._native.terminal_summary()

    def __repr__(self) -> str:
        return f"<stargate.RunResult {self._native.scenario.id!r}, {self.label}>"


class MonteCarloResult:
    """The results of a Monte Carlo (:meth:`Scenario.monte_carlo`); always complete.

    ``quantiles``, ``fans``, ``dates``, ``questions`` and ``sensitivity`` are
    DataFrames mirroring ``stargate mc --out``'s files (module docstring);
    ``summary`` is ``mc_summary.json`` as a dict. Quantiles are P5, P10, P25,
    P50, P75, P90 and P95, in columns ``p5`` … ``p95``.
    """

    def __init__(self, native: _native.MonteCarlo) -> None:
        """Not for direct use: see :meth:`Scenario.monte_carlo`."""
        self._native = native

    @property
    def complete(self) -> bool:
        """Whether every trial ran: always True for a result you hold (an
        interrupted Monte Carlo raises instead)."""
        return self._native.complete

    @property
    def trials(self) -> int:
        """Trials run."""
        return self._native.trials_done

    @property
    def seed(self) -> int:
        """The seed: trial i's draws depend only on (seed, i)."""
        return self._native.seed

    @property
    def threads(self) -> int:
        """Threads used (the results do not depend on it)."""
        return self._native.threads

    @property
    def seconds(self) -> float:
        """Wall time of the run."""
        return self._native.seconds

    @property
    def scenario(self) -> "Scenario":
        """The scenario as it was run (later :meth:`Scenario.set` calls do not change it)."""
        from ._scenario import Scenario

        return Scenario(self._native.scenario)

    @property
    def scenario_id(self) -> str:
        """The id of the scenario that ran."""
        return self._native.scenario_id

    @property
    def uncertain_inputs(self) -> List[str]:
        """The key paths of the inputs drawn in each trial."""
        return list(self._native.uncertain_inputs)

    @cached_property
    def summary(self) -> Dict[str, Any]:
        """``mc_summary.json`` as a dict, without ``generated_at``."""
        return json.loads(self._native.summary_json())

    @cached_property
    def quantiles(self) -> pd.DataFrame:
        """``mc_summary.csv``: one row per metric (a key path such as
        ``totals.peak_funding_gap_usd``): unit, count (trials with a value),
        never (trials without one), mean, sd, min, max, p5 … p95 (float64, in
        the row's ``unit``), exact, rank_error. A date metric's statistics are
        NaN here; :attr:`dates` has them as dates."""
        return _frame(self._native.quantiles())

    @cached_property
    def fans(self) -> pd.DataFrame:
        """``fan.csv``, long form: series, unit, month (datetime64, the month's
        first day; the value is at the month's end), mean, p5 … p95."""
        return _frame(self._native.fans())

    @cached_property
    def dates(self) -> pd.DataFrame:
        """``dates.csv``: one row per date metric: trials, p_never (the share of
        trials in which it does not happen within the horizon), p5 … p95
        (datetime64, among the trials in which it does; NaT if none), then
        mean, min, max (datetime64) and sd_days."""
        return _frame(self._native.dates())

    @cached_property
    def questions(self) -> pd.DataFrame:
        """``questions.csv``: one row per ``[[questions]]``: id, question, yes,
        trials, probability and its Wilson 95% interval lo95, hi95."""
        return _frame(self._native.questions())

    @cached_property
    def sensitivity(self) -> pd.DataFrame:
        """``sensitivity.csv`` (empty without ``sensitivity=True``): input,
        metric, spearman, base, at_p10, at_p90, swing."""
        return _frame(self._native.sensitivity())

    def fan(self, series: str) -> pd.DataFrame:
        """One series' fan chart, indexed by month: mean, p5 … p95.

        ``series`` is a timeline column name (``abilene_online_it_mw``,
        ``funding_gap_usd``; ``fans.series.unique()`` lists them). Raises
        ``KeyError`` with the closest names for one that has no fan.
        """
        fans = self.fans
        rows = fans[fans["series"] == series]
        if rows.empty:
            names = list(fans["series"].unique())
            close = difflib.get_close_matches(series, names, n=3)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            raise KeyError(f"no fan chart for {series!r}{hint} (fans: {', '.join(names)})")
        out = rows.drop(columns=["series", "unit"]).set_index("month")
        out.attrs["units"] = {c: rows["unit"].iloc[0] for c in out.columns}
        return out

    def to_report(self, path: Union[str, "os.PathLike[str]"]) -> str:
        """Writes the Monte Carlo report.html (``stargate mc --report FILE``) to
        ``path``, atomically, and returns the path: P10 / P50 / P90 findings, fan
        charts, date ranges, questions, tornados (with ``sensitivity=True``) and
        the base case, which it runs first. Raises
        :class:`~stargate.UnsupportedError` in a build without the chart
        library (see :func:`stargate.report_available`)."""
        p = os.fspath(path)
        self._native.write_report(p, _now())
        return p

    def to_xlsx(self, path: Union[str, "os.PathLike[str]"]) -> str:
        """Writes the Monte Carlo workbook (``stargate mc --xlsx FILE``) to
        ``path``, atomically, and returns the path: the quantiles, dates,
        questions, fans and sensitivity, then the base case's sheets (which it
        runs first) and every input."""
        p = os.fspath(path)
        self._native.write_workbook(p)
        return p

    def __str__(self) -> str:
        return self._native.terminal_summary()

    def __repr__(self) -> str:
        return (
            f"<stargate.MonteCarloResult {self.scenario_id!r}, {self.trials} trials, "
            f"seed {self.seed}>"
        )

