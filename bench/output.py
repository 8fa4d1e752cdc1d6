"""Where a benchmark writes its JSON: ``bench/results/`` unless ``BENCH_RESULTS_DIR`` names
another folder (the suite's smoke run of every benchmark writes into a temporary one).
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def results_path(filename: str) -> Path:
    folder = Path(os.environ.get("BENCH_RESULTS_DIR") or ROOT / "bench" / "results")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / filename


def shown(path: Path) -> str:
    """The path to print: relative to the checkout when it is inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def run_facts() -> dict:
    """What a result needs to be read later: the code, the time, how busy the machine was."""
    import subprocess
    from datetime import UTC, datetime

    code = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "code": code or "?",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
