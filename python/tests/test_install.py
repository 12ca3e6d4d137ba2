"""`make python-install`'s install rules (component `python`) put a whole,
importable package in the site directory: installed under a DESTDIR here, and
imported from there by a fresh interpreter, away from the build tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import stargate


def test_the_installed_package_imports_and_runs(tmp_path):
    build = Path(stargate.__file__).resolve().parents[2]  # <build>/python/stargate/__init__.py
    cmake = os.environ.get("CMAKE_COMMAND") or shutil.which("cmake")
    if not cmake or not (build / "cmake_install.cmake").exists():
        pytest.skip("not in a CMake build tree")
    root = tmp_path / "root"
    subprocess.run([cmake, "--install", str(build), "--component", "python"], check=True,
                   capture_output=True, env=dict(os.environ, DESTDIR=str(root)))
    (init,) = root.rglob("stargate/__init__.py")
    site = init.parents[1]
    names = sorted(p.name for p in init.parent.iterdir())
    assert names == sorted(["__init__.py", "__init__.pyi", "_errors.py", "_results.py",
                            "_scenario.py", "py.typed", Path(stargate._stargate.__file__).name])
    code = ("import stargate, sys; s = stargate.Scenario.builtin();"
            "print(stargate.__file__); print(s.run().label)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                       text=True, env=env, check=True)
    where, label = p.stdout.splitlines()
    assert Path(where).resolve() == init.resolve() and label == "base case"
