"""The tree passes ruff's checks and is formatted as ruff formats it (lines ≤ 100): a branch
that skipped `make lint` fails here instead of leaving the next engineer's diff full of
someone else's reformatting."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import ROOT

RUFF = Path(sys.executable).parent / "ruff"


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]])
def test_ruff_finds_nothing(command):
    run = subprocess.run([str(RUFF), *command], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
