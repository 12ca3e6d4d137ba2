"""Every call of the public API, once each, and the type stubs that document it."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import json
from pathlib import Path

import pandas as pd
import pytest

import stargate

STUB = Path(stargate.__file__).with_name("__init__.pyi")


def test_module_functions():
    assert stargate.__version__.count(".") == 2
    assert stargate.DEFAULT_SCENARIO == "stargate-2025-01"
    assert stargate.DEFAULT_SCENARIO in stargate.builtins()
    ref = stargate.reference()
    assert ref.startswith("#") and "honoured" in ref
    assert isinstance(stargate.report_available(), bool)


def test_load_from_toml_and_builtin_agree(repo):
    path = repo / "scenarios" / "stargate-2025-01.toml"
    loaded = stargate.Scenario.load(path)
    text = stargate.Scenario.from_toml(path.read_text(), name="mine.toml")
    builtin = stargate.Scenario.builtin("stargate-2025-01")
    assert loaded.id == text.id == builtin.id == "stargate-2025-01"
    assert loaded.source == str(path)
    assert text.source == "mine.toml"
    assert builtin.source == "builtin:stargate-2025-01"
    assert loaded.name == builtin.name and builtin.name
    assert loaded.counts() == builtin.counts()
    assert "uncertain inputs" in builtin.counts()
    assert loaded.run().summary == builtin.run().summary
    assert repr(builtin) == "<stargate.Scenario 'stargate-2025-01' from 'builtin:stargate-2025-01'>"


def test_explain_is_the_clis(cli):
    from conftest import run_cli

    assert stargate.Scenario.builtin().explain() == run_cli(cli, "explain").stdout


def test_scenario_cannot_be_made_directly():
    with pytest.raises(TypeError, match="Scenario.load"):
        stargate.Scenario("stargate-2025-01")


def test_set_overrides_in_place_and_chains():
    s = stargate.Scenario.builtin()
    before = s.run().summary
    assert s.set("sites.abilene.phases.phase2.duration", "30mo") is s
    s.set("equity.softbank.honoured=40%").set("equity.openai.honoured", " 30% ")
    assert s.overrides == [
        ("sites.abilene.phases.phase2.duration", "30mo"),
        ("equity.softbank.honoured", "40%"),
        ("equity.openai.honoured", "30%"),
    ]
    assert repr(s).endswith("3 overrides>")
    after = s.run().summary
    assert after != before
    # The same overrides through the library's other door give the same run.
    again = stargate.Scenario.builtin()
    for path, value in s.overrides:
        again.set(path, value)
    assert again.run().summary == after


def test_set_python_values_become_toml():
    s = stargate.Scenario.builtin()
    s.set("sites.abilene.pue", 1.3)
    s.set("program.discount_rate", "9%")
    s.set("scenario.seed", 7)
    s.set("scenario.end", dt.date(2034, 12, 31))
    assert s.overrides == [
        ("sites.abilene.pue", "1.3"),
        ("program.discount_rate", "9%"),
        ("scenario.seed", "7"),
        ("scenario.end", "2034-12-31"),
    ]
    assert s.run().summary["horizon"]["end"] == "2034-12-31"
    with pytest.raises(TypeError, match="set"):
        s.set("sites.abilene.pue", [1.3])


def test_copy_is_independent():
    a = stargate.Scenario.builtin()
    b = a.copy().set("equity.softbank.honoured", "10%")
    assert a.overrides == [] and len(b.overrides) == 1


def test_a_failed_set_leaves_the_scenario_as_it_was():
    s = stargate.Scenario.builtin().set("equity.softbank.honoured", "40%")
    with pytest.raises(stargate.ScenarioError):
        s.set("equity.softbank.honored", "40%")
    assert s.overrides == [("equity.softbank.honoured", "40%")]


def test_run_and_its_result(builtin_run):
    r = builtin_run
    assert r.label == "base case"
    assert r.scenario.id == "stargate-2025-01"
    assert r.summary["label"] == "base case"
    for frame in (r.timeline, r.monthly_timeline, r.flows, r.runs, r.contracts):
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    assert r.timeline is r.timeline  # made once
    assert "stargate-2025-01" in str(r)
    assert repr(r) == "<stargate.RunResult 'stargate-2025-01', base case>"


def test_run_step_override():
    monthly = stargate.Scenario.builtin().run(step="month")
    assert monthly.summary["horizon"]["step"] == "month"
    steps = monthly.timeline["date"].diff().dropna().dt.days
    assert steps.between(28, 31).all()
    with pytest.raises(ValueError, match="step"):
        stargate.Scenario.builtin().run(step="hour")


def test_result_keeps_the_scenario_it_ran():
    s = stargate.Scenario.builtin()
    r = s.run()
    s.set("equity.softbank.honoured", "10%")
    assert r.scenario.overrides == []


def sheet_names(path):
    openpyxl = pytest.importorskip("openpyxl")
    return openpyxl.load_workbook(path, read_only=True).sheetnames


def test_to_xlsx(builtin_run, tmp_path):
    path = builtin_run.to_xlsx(tmp_path / "out" / "run.xlsx")
    assert path == str(tmp_path / "out" / "run.xlsx")
    assert Path(path).read_bytes()[:2] == b"PK"
    assert {"summary", "timeline", "flows", "runs", "contracts",
            "assumptions"} <= set(sheet_names(path))


def test_monte_carlo_to_xlsx(tmp_path):
    mc = stargate.Scenario.builtin().monte_carlo(trials=24, seed=1, sensitivity=True, sample=24)
    path = mc.to_xlsx(tmp_path / "mc.xlsx")
    names = set(sheet_names(path))
    assert {"mc_summary", "mc_dates", "mc_questions", "mc_fan", "mc_sensitivity",
            "base_summary", "assumptions"} <= names, names


def test_to_report(builtin_run, tmp_path):
    if not stargate.report_available():
        with pytest.raises(stargate.UnsupportedError, match="make setup"):
            builtin_run.to_report(tmp_path / "report.html")
        return
    path = builtin_run.to_report(tmp_path / "report.html")
    page = Path(path).read_text()
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert "stargate-2025-01" in page


def test_monte_carlo_to_report(tmp_path):
    mc = stargate.Scenario.builtin().set("equity.softbank.honoured", "40%").monte_carlo(
        trials=24, seed=1, step="week")
    assert mc.scenario.overrides == [("equity.softbank.honoured", "40%")]
    if not stargate.report_available():
        with pytest.raises(stargate.UnsupportedError, match="make setup"):
            mc.to_report(tmp_path / "report.html")
        return
    page = Path(mc.to_report(tmp_path / "report.html")).read_text()
    assert page.lower().startswith("<!doctype html>") and "Monte Carlo" in page


def test_monte_carlo_and_its_result():
    s = stargate.Scenario.builtin()
    calls = []
    mc = s.monte_carlo(trials=40, seed=3, threads=2, progress=lambda d, t: calls.append((d, t)))
    assert mc.complete and mc.trials == 40 and mc.seed == 3 and mc.threads >= 1
    assert mc.seconds >= 0 and mc.scenario_id == "stargate-2025-01"
    assert "equity.softbank.honoured" in mc.uncertain_inputs
    assert calls and calls[-1] == (40, 40)
    assert mc.summary["trials"] == {"requested": 40, "done": 40, "complete": True}
    for frame in (mc.quantiles, mc.fans, mc.dates, mc.questions):
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    assert mc.sensitivity.empty and list(mc.sensitivity.columns)[:2] == ["input", "metric"]
    fan = mc.fan("abilene_online_it_mw")
    assert list(fan.columns) == ["mean", "p5", "p10", "p25", "p50", "p75", "p90", "p95"]
    assert fan.index.name == "month" and fan.attrs["units"]["p50"] == "MW"
    with pytest.raises(KeyError, match="abilene_online_it_mw"):
        mc.fan("abilene_online_mw")
    assert "Monte Carlo, 40 of 40 trials" in str(mc)
    assert repr(mc) == "<stargate.MonteCarloResult 'stargate-2025-01', 40 trials, seed 3>"
    # The seed alone fixes the result; the thread count does not change it.
    again = s.monte_carlo(trials=40, seed=3, threads=1)
    pd.testing.assert_frame_equal(again.quantiles, mc.quantiles)


def test_monte_carlo_default_seed_is_the_scenarios():
    s = stargate.Scenario.builtin()
    seed = s.monte_carlo(trials=16).seed
    s.set("scenario.seed", seed + 1)
    assert s.monte_carlo(trials=16).seed == seed + 1


def test_monte_carlo_sensitivity():
    mc = stargate.Scenario.builtin().monte_carlo(trials=64, seed=1, sensitivity=True, sample=64)
    sens = mc.sensitivity
    assert len(sens) > 0
    assert set(sens["input"]) <= set(mc.uncertain_inputs)
    pd.testing.assert_series_equal(sens["swing"], sens["at_p90"] - sens["at_p10"],
                                   check_names=False)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"trials": 0}, "trials"),
        ({"threads": -1}, "threads"),
        ({"seed": -1}, "seed"),
        ({"sample": 0}, "sample"),
        ({"block": -2}, "block"),
        ({"step": "year"}, "step"),
    ],
)
def test_monte_carlo_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        stargate.Scenario.builtin().monte_carlo(**kwargs)


def test_an_exception_in_progress_stops_the_run_and_is_raised():
    class Stop(Exception):
        pass

    def progress(done, total):
        raise Stop(f"{done}/{total}")

    with pytest.raises(Stop):
        stargate.Scenario.builtin().monte_carlo(trials=1_000_000, seed=1, progress=progress)


def test_the_gil_is_released_while_monte_carlo_runs():
    import threading
    import time

    ticks = []
    calls = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        stargate.Scenario.builtin().monte_carlo(
            trials=2000, seed=1, threads=1, progress=lambda d, n: calls.append(d))
    finally:
        stop.set()
        t.join()
    # Python ran beside it. Had the GIL been held, the other thread would run
    # only while a progress callback (one per ~100 ms) let it go: a tick or two
    # each.
    assert len(calls) >= 2 and len(ticks) > 5 * len(calls)


# --- the stubs ---------------------------------------------------------------


def _stub():
    return ast.parse(STUB.read_text())


def _params(args: ast.arguments):
    names = [a.arg for a in args.posonlyargs + args.args]
    names += ["*" + args.vararg.arg] if args.vararg else []
    names += [a.arg for a in args.kwonlyargs]
    return [n for n in names if n not in ("self", "cls")]


def _runtime_params(obj):
    out = []
    for p in inspect.signature(obj).parameters.values():
        if p.name in ("self", "cls"):
            continue
        out.append("*" + p.name if p.kind is p.VAR_POSITIONAL else p.name)
    return out


def _public_members(cls):
    own = {}
    for klass in cls.__mro__:
        if klass.__module__ in ("stargate", "stargate._errors", "stargate._results",
                                "stargate._scenario"):
            for name, value in vars(klass).items():
                if not name.startswith("_"):
                    own.setdefault(name, value)
    return own


def _stub_fields(node, top):
    """The annotated attributes of a stub class and of its stub bases."""
    fields = {n.target.id for n in node.body
              if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}
    for base in node.bases:
        if isinstance(base, ast.Name) and isinstance(top.get(base.id), ast.ClassDef):
            fields |= _stub_fields(top[base.id], top)
    return fields


def test_every_public_name_is_in_the_stub_with_its_signature():
    tree = _stub()
    top = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            top[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            top[node.target.id] = node
    for name in stargate.__all__:
        assert name in top, f"{name} is not in {STUB.name}"
        obj = getattr(stargate, name)
        node = top[name]
        if inspect.isfunction(obj):
            assert _params(node.args) == _runtime_params(obj), name
            assert ast.get_docstring(node), f"{name} has no docstring in the stub"
        if inspect.isclass(obj):
            assert ast.get_docstring(node), f"{name} has no docstring in the stub"
            members = {n.name: n for n in node.body if isinstance(n, ast.FunctionDef)}
            fields = _stub_fields(node, top)
            for member, value in _public_members(obj).items():
                if member in fields:
                    continue
                if isinstance(value, (classmethod, staticmethod)):
                    value = value.__func__
                assert member in members, f"{name}.{member} is not in the stub"
                assert ast.get_docstring(members[member]), f"{name}.{member}: no docstring"
                if inspect.isfunction(value):
                    assert _params(members[member].args) == _runtime_params(value), (
                        f"{name}.{member}")
            for member in members:
                if not member.startswith("_"):
                    assert member in _public_members(obj), f"stub has {name}.{member}, module not"


def test_public_objects_have_docstrings():
    assert stargate.__doc__
    for name in stargate.__all__:
        obj = getattr(stargate, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), name
        if inspect.isclass(obj):
            for member, value in _public_members(obj).items():
                if callable(value) or isinstance(value, property):
                    assert inspect.getdoc(getattr(obj, member)), f"{name}.{member}"


def test_the_package_is_typed():
    assert Path(stargate.__file__).with_name("py.typed").exists()


def test_summary_is_plain_json(builtin_run):
    assert json.loads(json.dumps(builtin_run.summary)) == builtin_run.summary
