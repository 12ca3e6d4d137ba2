"""Fixtures of the Python binding tests (python/tests).

They test the package in the build tree (PYTHONPATH=<build>/python, set by
the CTest entries in python/CMakeLists.txt) against the stargate CLI of the
same build: STARGATE_CLI when set (CTest sets it), else <build>/stargate
beside the package. Run them by hand with:

    PYTHONPATH=build/python MPLBACKEND=Agg /usr/bin/python3 -m pytest -q python/tests
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import List

import pytest

import stargate

REPO = Path(__file__).resolve().parents[2]


def _cli_path() -> Path:
    if os.environ.get("STARGATE_CLI"):
        return Path(os.environ["STARGATE_CLI"])
    # <build>/python/stargate/__init__.py → <build>/stargate
    return Path(stargate.__file__).resolve().parents[2] / "stargate"


def pytest_report_header(config: pytest.Config) -> List[str]:
    return [f"stargate {stargate.__version__} from {Path(stargate.__file__).parent}",
            f"stargate CLI: {_cli_path()}"]


@pytest.fixture(scope="session")
def repo() -> Path:
    """The source tree."""
    return REPO


@pytest.fixture(scope="session")
def cli() -> Path:
    """The stargate CLI of this build."""
    path = _cli_path()
    if not path.is_file():
        pytest.skip(f"no stargate CLI at {path} (set STARGATE_CLI)")
    return path


def run_cli(cli: Path, *args: str, expect: int = 0) -> subprocess.CompletedProcess:
    """Runs the CLI and checks its exit code."""
    p = subprocess.run([str(cli), *map(str, args)], capture_output=True, text=True, timeout=300)
    assert p.returncode == expect, f"stargate {' '.join(map(str, args))}: {p.stderr}"
    return p


@pytest.fixture(scope="session")
def builtin_run() -> stargate.RunResult:
    """The built-in scenario's base case."""
    return stargate.Scenario.builtin().run()
