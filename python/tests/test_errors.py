"""Bad input raises stargate.ScenarioError (or IoError) with the CLI's messages,
word for word, and every problem as a structured record."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import stargate
from conftest import REPO, run_cli

INVALID = sorted((REPO / "tests" / "invalid").glob("*.toml"))


def cli_problems(stderr: str) -> str:
    """The CLI's problems, without its closing "N problems; nothing was run"."""
    lines = stderr.rstrip("\n").split("\n")
    assert re.fullmatch(r"\d+ problems?; nothing was run", lines[-1]), stderr
    return "\n".join(lines[:-1])


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_files_raise_the_clis_messages(path: Path, cli):
    expected = cli_problems(run_cli(cli, "validate", path, expect=2).stderr)
    with pytest.raises(stargate.ScenarioError) as raised:
        stargate.Scenario.load(path)
    e = raised.value
    assert str(e) == expected
    assert [d.text for d in e.errors] == expected.split("\n")
    # The file's own `# expect: LINE:COL: key: message (hint)` lines, as records.
    for want in [l[len("# expect: "):] for l in path.read_text().splitlines()
                 if l.startswith("# expect: ")]:
        assert any(d.text == f"{path}:{want}" for d in e.errors), want
    for d in e.errors:
        assert d.file == str(path) and d.message
        assert d.text.startswith(f"{d.file}:{d.line}:{d.column}: " if d.line else f"{d.file}: ")


def test_a_record_has_every_field():
    text = '[scenario]\nname = "t"\nstart = 2025-01-01\nend = 2026-01-01\nstpe = "day"\n'
    with pytest.raises(stargate.ScenarioError) as raised:
        stargate.Scenario.from_toml(text, "mine.toml")
    (d,) = raised.value.errors
    assert d == stargate.Diagnostic(
        file="mine.toml", line=5, column=1, key="scenario",
        message="unknown key 'stpe'", suggestion="did you mean 'step'?",
        text="mine.toml:5:1: scenario: unknown key 'stpe' (did you mean 'step'?)")
    assert str(d) == d.text == str(raised.value)


def test_toml_syntax_errors_are_located():
    with pytest.raises(stargate.ScenarioError) as raised:
        stargate.Scenario.from_toml("[scenario\nname = 1\n")
    (d,) = raised.value.errors
    assert d.file == "<string>" and d.line == 1 and d.column and d.message


@pytest.mark.parametrize("setting", [
    "sites.abilene.phases.phase3.duration=30mo",  # unknown id
    "equity.softbank.honored=40%",                # misspelt key
    "sites.abilene.phases.phase2.duration=6mx",   # bad value
    "equity.softbank.honoured=140%",              # out of bounds
])
def test_bad_overrides_raise_the_clis_messages(setting, cli):
    expected = cli_problems(run_cli(cli, "run", "--set", setting, expect=2).stderr)
    path, value = setting.split("=", 1)
    for call in (lambda s: s.set(path, value), lambda s: s.set(setting)):
        with pytest.raises(stargate.ScenarioError) as raised:
            call(stargate.Scenario.builtin())
        assert str(raised.value) == expected
        assert raised.value.errors[0].file == "--set"
        assert raised.value.errors[0].line is None
        assert raised.value.errors[0].key == path


def test_a_misspelt_key_gets_a_did_you_mean():
    with pytest.raises(stargate.ScenarioError) as raised:
        stargate.Scenario.builtin().set("equity.softbank.honored", "40%")
    assert "did you mean" in raised.value.errors[0].suggestion
    assert "honoured" in raised.value.errors[0].suggestion


def test_an_assignment_without_equals():
    with pytest.raises(stargate.ScenarioError, match="expected path=value, got 'abc'"):
        stargate.Scenario.builtin().set("abc")


def test_an_unknown_builtin(cli):
    stderr = run_cli(cli, "explain", "stargate-2025-02", expect=2).stderr
    with pytest.raises(stargate.ScenarioError) as raised:
        stargate.Scenario.builtin("stargate-2025-02")
    assert str(raised.value) == cli_problems(stderr)
    assert "stargate-2025-01" in raised.value.errors[0].suggestion


def test_a_missing_file_is_an_io_error_as_in_the_cli(cli, tmp_path):
    path = tmp_path / "missing.toml"
    stderr = run_cli(cli, "validate", path, expect=3).stderr
    with pytest.raises(OSError) as raised:
        stargate.Scenario.load(path)
    assert isinstance(raised.value, stargate.IoError)
    assert isinstance(raised.value, stargate.Error) and raised.value.kind == "io"
    assert stderr == f"stargate: error: {raised.value}\n"
    assert raised.value.errors == []


def test_the_exception_classes():
    assert issubclass(stargate.ScenarioError, ValueError)
    assert issubclass(stargate.ScenarioError, stargate.Error)
    assert issubclass(stargate.IoError, OSError)
    assert issubclass(stargate.UnsupportedError, NotImplementedError)
    assert issubclass(stargate.InternalError, RuntimeError)
    assert stargate.ScenarioError.__module__ == "stargate"
    e = stargate.ScenarioError("m")
    assert e.kind == "invalid_scenario" and e.errors == [] and str(e) == "m"


def test_a_file_with_errors_reports_them_all(tmp_path, cli):
    path = tmp_path / "two.toml"
    path.write_text('[scenario]\nname = "t"\nstart = 2025-01-01\nend = 2026-01-01\n'
                    'stpe = "day"\nseeed = 3\n')
    with pytest.raises(stargate.ScenarioError) as raised:
        stargate.Scenario.load(path)
    assert [d.line for d in raised.value.errors] == [5, 6]
    assert str(raised.value) == cli_problems(run_cli(cli, "validate", path, expect=2).stderr)
