"""Packaging: the wheel carries the ontology, data and queries; the command works from anywhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import hrgraph

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_package_data(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("hrgraph-*.whl")
    assert wheel.name.startswith(f"hrgraph-{hrgraph.__version__}-")  # the version hatch read is the package's
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"hrgraph/rdf/__init__.py", "hrgraph/rdf/formats.py", "hrgraph/rdf/store.py"} <= names  # subpackages
    assert "hrgraph/_data/ontology/hrgraph.ttl" in names
    assert "hrgraph/_data/ontology/shapes.ttl" in names
    for path in (Path(__file__).resolve().parent.parent / "graph").glob("*.ttl"):
        assert f"hrgraph/_data/graph/{path.name}" in names
    assert any(name.startswith("hrgraph/_data/queries/") for name in names)
    for name in ("static/explorer.js", "static/vendor/leaflet.js", "static/vendor/countries-110m.json",
                 "static/vendor/LICENSE-world-atlas.txt", "templates/explorer-home.html"):
        assert f"hrgraph/explorer/{name}" in names, name


def test_command_runs_from_any_directory(tmp_path: Path) -> None:
    command = shutil.which("hrgraph", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.fail("the hrgraph command is not installed beside this Python")
    result = subprocess.run([command, "validate"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_version_is_defined_once() -> None:
    result = subprocess.run([sys.executable, "-m", "hrgraph", "--version"], capture_output=True, text=True)
    assert result.stdout.strip() == f"hrgraph, version {hrgraph.__version__}"
    assert "version =" not in (ROOT / "pyproject.toml").read_text()
