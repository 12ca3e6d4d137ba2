"""docs/python.md's Python runs as written: every ```python block, in order, in
one fresh interpreter, in an empty directory; the worked example draws its
fan chart there."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import stargate
from conftest import REPO

PAGE = REPO / "docs" / "python.md"


def python_blocks():
    return re.findall(r"^```python\n(.*?)^```", PAGE.read_text(), flags=re.S | re.M)


def test_the_page_has_its_worked_example():
    blocks = python_blocks()
    assert len(blocks) >= 1
    example = blocks[0]
    for call in ('Scenario.builtin("stargate-2025-01")', 'set("equity.softbank.honoured"',
                 "monte_carlo(trials=200", "savefig("):
        assert call in example, call


def test_the_pages_python_runs(tmp_path):
    code = "\n".join(python_blocks())
    # The package this test imported, wherever the example runs.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(Path(stargate.__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")]))
    p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                       text=True, timeout=240, env=env)
    assert p.returncode == 0, p.stderr
    assert "peak funding gap, P50" in p.stdout
    png = tmp_path / "funding_gap_fan.png"
    assert png.is_file() and png.stat().st_size > 10_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
