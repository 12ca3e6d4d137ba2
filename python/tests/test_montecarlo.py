"""Monte Carlo from Python: the same numbers as `stargate mc --out` for the same
scenario, trials and seed; the DataFrames' columns and dtypes; and Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pandas as pd
import pytest

import stargate
from conftest import run_cli

DATE = np.dtype("datetime64[ns]")
F64 = np.dtype("float64")
I64 = np.dtype("int64")
Q = ["p5", "p10", "p25", "p50", "p75", "p90", "p95"]
TRIALS, SEED = 96, 11


def read_csv(path, dates=(), texts=()):
    df = pd.read_csv(path, float_precision="round_trip", parse_dates=list(dates),
                     dtype={t: object for t in texts}, keep_default_na=False, na_values=[""])
    return df


@pytest.fixture(scope="module")
def pair(cli, tmp_path_factory):
    """(Python Monte Carlo, the CLI's --out folder), with sensitivity."""
    out = tmp_path_factory.mktemp("mc") / "out"
    run_cli(cli, "mc", "--trials", TRIALS, "--seed", SEED, "--sensitivity", "--quiet",
            "--set", "equity.softbank.honoured=40%", "--out", out)
    s = stargate.Scenario.builtin().set("equity.softbank.honoured", "40%")
    return s.monte_carlo(trials=TRIALS, seed=SEED, sensitivity=True), out


def test_summary_equals_the_clis_mc_summary_json(pair):
    mc, out = pair
    expected = json.loads((out / "mc_summary.json").read_text())
    assert expected.pop("generated_at")
    assert mc.summary == expected


def test_quantiles_equal_the_clis_mc_summary_csv(pair):
    mc, out = pair
    expected = read_csv(out / "mc_summary.csv", texts=["metric", "unit"])
    got = mc.quantiles
    assert list(got.columns) == list(expected.columns)
    numbers = got["unit"] != "date"
    stats = ["mean", "sd", "min", "max"] + Q
    pd.testing.assert_frame_equal(got[numbers].reset_index(drop=True),
                                  expected[numbers].reset_index(drop=True).astype(
                                      {c: F64 for c in stats + ["rank_error"]}),
                                  check_exact=True)
    # A date metric's quantiles are in .dates (as dates) and NaN here.
    dates = got[~numbers]
    assert len(dates) > 0 and dates[stats].isna().all().all()
    pd.testing.assert_frame_equal(
        dates[["metric", "count", "never", "exact"]].reset_index(drop=True),
        expected[~numbers][["metric", "count", "never", "exact"]].reset_index(drop=True))
    by_metric = mc.dates.set_index("metric")
    for row in expected[~numbers].itertuples(index=False):
        for q in Q:
            text = getattr(row, q)
            got_date = by_metric.loc[row.metric, q]
            assert (pd.isna(got_date) if pd.isna(text) else got_date == pd.Timestamp(text))


def test_fans_equal_the_clis_fan_csv(pair):
    mc, out = pair
    expected = read_csv(out / "fan.csv", texts=["series", "unit", "month"])
    expected["month"] = pd.to_datetime(expected["month"] + "-01")
    expected = expected.astype({c: F64 for c in ["mean"] + Q})
    pd.testing.assert_frame_equal(mc.fans, expected, check_exact=True)


def test_dates_equal_the_clis_dates_csv(pair):
    mc, out = pair
    expected = read_csv(out / "dates.csv", dates=Q, texts=["metric"])
    for q in Q:
        expected[q] = pd.to_datetime(expected[q])  # a column of only NaT reads as float
    expected = expected.astype({"p_never": F64})
    pd.testing.assert_frame_equal(mc.dates[list(expected.columns)], expected, check_exact=True)


def test_questions_equal_the_clis_questions_csv(pair):
    mc, out = pair
    expected = read_csv(out / "questions.csv", texts=["id", "question"])
    expected = expected.astype({c: F64 for c in ("probability", "lo95", "hi95")})
    assert len(expected) > 0
    pd.testing.assert_frame_equal(mc.questions, expected, check_exact=True)


def test_sensitivity_equals_the_clis_sensitivity_csv(pair):
    mc, out = pair
    expected = read_csv(out / "sensitivity.csv", texts=["input", "metric"])
    expected = expected.astype({c: F64 for c in expected.columns[2:]})
    assert len(expected) > 0
    pd.testing.assert_frame_equal(mc.sensitivity, expected, check_exact=True)


def test_dtypes(pair):
    mc, _ = pair
    q = mc.quantiles
    assert q.dtypes["count"] == I64 and q.dtypes["never"] == I64
    assert q.dtypes["exact"] == np.dtype(bool)
    assert (q.dtypes[["mean", "sd", "min", "max"] + Q] == F64).all()
    f = mc.fans
    assert list(f.columns) == ["series", "unit", "month", "mean"] + Q
    assert f.dtypes["month"] == DATE and f["month"].dt.day.eq(1).all()
    assert (f.dtypes[["mean"] + Q] == F64).all()
    d = mc.dates
    assert list(d.columns) == ["metric", "trials", "p_never"] + Q + ["mean", "min", "max",
                                                                     "sd_days"]
    assert (d.dtypes[Q + ["mean", "min", "max"]] == DATE).all()
    assert d.dtypes["trials"] == I64 and d.dtypes["p_never"] == F64
    assert d.attrs["units"]["p_never"] == "fraction"
    never = d[d["p_never"] == 1.0]
    assert never[Q].isna().all().all()  # NaT where no trial reaches the date
    qs = mc.questions
    assert list(qs.columns) == ["id", "question", "yes", "trials", "probability", "lo95", "hi95"]
    assert qs.dtypes["yes"] == I64 and qs.dtypes["probability"] == F64
    # (Wilson's lower bound at 0 of n comes out as ~3e-18 rather than 0: hence the slack.)
    assert ((qs["lo95"] <= qs["probability"] + 1e-12) & (qs["probability"] <= qs["hi95"])).all()


# --- Ctrl-C ------------------------------------------------------------------

CHILD = textwrap.dedent("""
    import signal, sys, time
    import stargate
    # A shell that starts jobs in the background ignores SIGINT in them;
    # Python's KeyboardInterrupt needs the default handler.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    s = stargate.Scenario.builtin()
    said = []
    def progress(done, total):
        if done > 0 and not said:
            said.append(done)
            print("started", done, flush=True)
    result = None
    try:
        result = s.monte_carlo(trials=100_000_000, seed=1, progress=progress)
        print("RETURNED", result.complete, result.trials, flush=True)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    assert result is None
    # The module is still usable: a whole run after the interrupted one.
    after = s.monte_carlo(trials=20, seed=1)
    print("after", after.complete, after.trials, flush=True)
    if sys.argv[1:] == ["again"]:
        s.monte_carlo(trials=100_000_000, seed=1)  # no progress callback: Ctrl-C all the same
""")


def start_child(*args):
    return subprocess.Popen([sys.executable, "-c", CHILD, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=os.environ.copy())


def wait_started(p):
    line = p.stdout.readline()
    assert line.startswith("started"), (line, p.stderr.read() if p.poll() is not None else "")


def test_ctrl_c_interrupts_monte_carlo_and_returns_no_result():
    p = start_child()
    try:
        wait_started(p)
        sent = time.monotonic()
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
        stopped = time.monotonic() - sent
    finally:
        p.kill()
    assert p.returncode == 0, err
    assert "RETURNED" not in out
    assert out.splitlines() == ["interrupted", "after True 20"]
    assert stopped < 10, f"took {stopped:.1f} s to stop"


def test_uncaught_ctrl_c_ends_the_program_with_keyboardinterrupt():
    p = start_child("again")
    try:
        wait_started(p)
        p.send_signal(signal.SIGINT)
        assert p.stdout.readline().strip() == "interrupted"
        assert p.stdout.readline().startswith("after True")
        time.sleep(0.5)  # into the second run
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
    finally:
        p.kill()
    assert p.returncode != 0
    assert "KeyboardInterrupt" in err.splitlines()[-1]
    assert "RETURNED" not in out
