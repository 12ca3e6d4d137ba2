"""stargate: simulate AI compute infrastructure programs from Python.

Load a scenario, override its inputs by key path, run its base case or a
Monte Carlo, and read the results as a dict and pandas DataFrames::

    import stargate

    s = stargate.Scenario.builtin("stargate-2025-01")
    s.set("equity.softbank.honoured", "40%")
    run = s.run()
    run.summary["totals"]            # summary.json as a dict
    run.timeline                     # timeline.csv as a DataFrame
    mc = s.monte_carlo(trials=1000, seed=1)
    mc.quantiles, mc.fan("abilene_online_it_mw")

Bad input raises :class:`ScenarioError` with the CLI's messages. See
docs/python.md.
"""

from __future__ import annotations

from typing import List

from . import _stargate as _native
from ._errors import (
    Diagnostic,
    Error,
    InternalError,
    IoError,
    ScenarioError,
    UnsupportedError,
)
from ._results import MonteCarloResult, RunResult
from ._scenario import DEFAULT_SCENARIO, Scenario

__version__: str = _native.version()

__all__ = [
    "DEFAULT_SCENARIO",
    "Diagnostic",
    "Error",
    "InternalError",
    "IoError",
    "MonteCarloResult",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "UnsupportedError",
    "builtins",
    "reference",
    "report_available",
]


def builtins() -> List[str]:
    """The ids of the scenarios built into the library, e.g. ``["stargate-2025-01"]``."""
    return list(_native.builtin_ids())


def reference() -> str:
    """Every key a scenario may contain, table by table, with its unit, default,
    bounds and doc, as Markdown (``stargate explain --params``; docs/reference.md).
    The key paths :meth:`Scenario.set` takes are made of these keys."""
    return _native.reference()


def report_available() -> bool:
    """Whether this build carries the chart library that :meth:`RunResult.to_report` needs."""
    return bool(_native.report_available())

# Public classes present themselves as stargate.X (in reprs, tracebacks, help()).
for _cls in (
    Diagnostic,
    Error,
    InternalError,
    IoError,
    MonteCarloResult,
    RunResult,
    Scenario,
    ScenarioError,
    UnsupportedError,
):
    _cls.__module__ = __name__
del _cls
