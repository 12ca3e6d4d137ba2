"""A run's dict and DataFrames: their columns and dtypes, and the same numbers
as the CLI writes for the same scenario (summary.json, timeline.csv,
flows.csv, runs.csv), to the last bit."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import stargate
from conftest import run_cli

DATE = np.dtype("datetime64[ns]")
F64 = np.dtype("float64")
OBJ = np.dtype("object")
BOOL = np.dtype("bool")
I64 = np.dtype("int64")

# A scenario file from scenarios/ (the built-in one), and two from tests/valid.
SCENARIOS = ["scenarios/stargate-2025-01.toml", "tests/valid/market_chain.toml",
             "tests/valid/uncertain_inputs.toml"]


def read_csv(path, dates=(), texts=(), none=()):
    """A CSV the CLI wrote, numbers read back exactly and as float64 (a column
    of whole numbers would read as int64); an empty field is NaN only in the
    columns `none`."""
    df = pd.read_csv(path, float_precision="round_trip", parse_dates=list(dates),
                     dtype={t: object for t in texts}, keep_default_na=False,
                     na_values={c: [""] for c in none})
    return df.astype({c: F64 for c in df.columns if df.dtypes[c] == I64})


@pytest.fixture(scope="module", params=SCENARIOS)
def pair(request, repo, cli, tmp_path_factory):
    """(Python run, the CLI's --out folder) for one scenario file."""
    path = repo / request.param
    out = tmp_path_factory.mktemp("run") / "out"
    run_cli(cli, "run", path, "--out", out)
    monthly = tmp_path_factory.mktemp("run") / "monthly"
    run_cli(cli, "run", path, "--out", monthly, "--monthly")
    return stargate.Scenario.load(path).run(), out, monthly


def test_summary_equals_the_clis_summary_json(pair):
    run, out, _ = pair
    expected = json.loads((out / "summary.json").read_text())
    assert expected.pop("generated_at")
    assert run.summary == expected


def test_summary_equals_the_clis_for_the_builtin_with_an_override(cli, tmp_path):
    setting = "sites.abilene.phases.phase2.duration=30mo"
    p = run_cli(cli, "run", "--set", setting, "--set", "equity.softbank.honoured=40%",
                "--format", "json")
    s = stargate.Scenario.builtin().set(setting).set("equity.softbank.honoured", "40%")
    assert s.run().summary == json.loads(p.stdout)


def test_timeline_equals_the_clis(pair):
    run, out, monthly = pair
    expected = read_csv(out / "timeline.csv", dates=["date"])
    pd.testing.assert_frame_equal(run.timeline, expected, check_exact=True)
    expected = read_csv(monthly / "timeline.csv", dates=["month"])
    pd.testing.assert_frame_equal(run.monthly_timeline, expected, check_exact=True)


def test_flows_equal_the_clis(pair):
    run, out, _ = pair
    expected = read_csv(out / "flows.csv", dates=["date"], texts=("from", "to", "kind", "purpose"))
    pd.testing.assert_frame_equal(run.flows, expected, check_exact=True)


def test_runs_equal_the_clis(pair):
    run, out, _ = pair
    if not (out / "runs.csv").exists():
        assert run.runs.empty
        return
    texts = ("run", "tenant", "status", "site", "accelerator")
    expected = read_csv(out / "runs.csv", dates=["start", "end"], texts=texts, none=["cost_usd"])
    pd.testing.assert_frame_equal(run.runs[list(expected.columns)], expected, check_exact=True)


def test_contracts_equal_the_summarys(pair):
    run, _, _ = pair
    expected = run.summary["market"]["contracts"] if "market" in run.summary else []
    df = run.contracts
    assert len(df) == len(expected)
    for row, c in zip(df.itertuples(index=False), expected):
        assert row.id == c["id"] and row.provider == c["provider"]
        assert row.exclusive_to == c["exclusive_to"]
        assert row.start == pd.Timestamp(c["start"]) and row.end == pd.Timestamp(c["end"])
        assert row.delivered_end == c["delivered_end"] and row.paid_usd == c["paid_usd"]
        if c["peak_shortfall_date"] is None:
            assert pd.isna(row.peak_shortfall_date)
        else:
            assert row.peak_shortfall_date == pd.Timestamp(c["peak_shortfall_date"])


def test_columns_and_dtypes(builtin_run):
    r = builtin_run
    t = r.timeline
    assert t.columns[0] == "date" and t.dtypes["date"] == DATE
    assert (t.dtypes.iloc[1:] == F64).all()
    assert "abilene_online_it_mw" in t.columns and t.attrs["units"]["abilene_online_it_mw"] == "MW"
    assert all(t.attrs["units"][c] == "USD" for c in t.columns if c.endswith("_usd"))
    assert r.monthly_timeline.columns[0] == "month"
    assert r.monthly_timeline.dtypes["month"] == DATE
    assert r.monthly_timeline["month"].dt.day.eq(1).all()

    f = r.flows
    assert list(f.columns) == ["date", "from", "to", "kind", "amount_usd", "purpose"]
    assert list(f.dtypes) == [DATE, OBJ, OBJ, OBJ, F64, OBJ]
    assert f.attrs["units"] == {"amount_usd": "USD"}
    assert (f["amount_usd"] > 0).all()

    runs = r.runs
    assert list(runs.columns) == ["run", "tenant", "status", "site", "accelerator",
                                  "accelerators", "start", "end", "flop", "goodput", "params",
                                  "tokens", "loss", "cost_usd", "frontier", "efficiency",
                                  "reason"]
    assert runs.dtypes["start"] == DATE and runs.dtypes["end"] == DATE
    assert runs.dtypes["cost_usd"] == F64 and runs.dtypes["frontier"] == BOOL
    assert runs.attrs["units"]["cost_usd"] == "USD" and runs.attrs["units"]["flop"] == "FLOP"

    c = r.contracts
    assert list(c.columns) == ["id", "kind", "route", "provider", "customer", "exclusive_to",
                               "start", "end", "unit", "delivered_end", "peak_shortfall",
                               "peak_shortfall_date", "paid_usd"]
    assert [c.dtypes[k] for k in ("start", "end", "peak_shortfall_date")] == [DATE] * 3
    assert c.dtypes["paid_usd"] == F64 and c.attrs["units"]["paid_usd"] == "USD"
    assert c["peak_shortfall_date"].isna().any()  # NaT for a contract never short


def test_money_is_conserved_in_the_flows(builtin_run):
    # Every entity's cash at the end is what flowed in less what flowed out:
    # the DataFrame is the whole ledger.
    f = builtin_run.flows
    net = f.groupby("to")["amount_usd"].sum().sub(
        f.groupby("from")["amount_usd"].sum(), fill_value=0.0)
    for e in builtin_run.summary["capital"]["entities"]:
        assert net.get(e["id"], 0.0) == pytest.approx(e["cash_end_usd"], rel=1e-9, abs=1.0)


def test_empty_frames_keep_their_columns_and_dtypes():
    text = """
[scenario]
name = "tiny"
start = 2025-01-01
end = 2025-12-31

[entities.acme]
name = "Acme"
roles = ["developer"]

[sites.alpha]
pue = 1.2

[[sites.alpha.phases]]
id = "a"
it_mw = "10MW"
start = 2025-02-01
duration = "6mo"
capex = "$100M"
payer = "acme"
"""
    r = stargate.Scenario.from_toml(text, "tiny.toml").run()
    assert r.runs.empty and r.contracts.empty
    assert r.runs.dtypes["start"] == DATE and r.runs.dtypes["cost_usd"] == F64
    assert r.runs.dtypes["frontier"] == BOOL and r.contracts.dtypes["paid_usd"] == F64
    mc = stargate.Scenario.from_toml(text, "tiny.toml").monte_carlo(trials=4, seed=1)
    assert mc.questions.empty and mc.questions.dtypes["yes"] == I64
