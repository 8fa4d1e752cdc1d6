"""The production configuration passes Django's deployment checks."""

import os
import subprocess
import sys

from tests.support.paths import ROOT


def run_manage(*args, **env_overrides):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DEBUG", "HTTPS", "DJANGO_SETTINGS_MODULE")
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings", **env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_passes_with_a_real_secret_and_hosts():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x7-" + "k3Qp9vLz" * 8,
        ALLOWED_HOSTS="desk.example.com",
        DEBUG="false",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_complains_when_debug_is_on():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x7-" + "k3Qp9vLz" * 8,
        ALLOWED_HOSTS="desk.example.com",
        DEBUG="true",
    )
    assert result.returncode != 0
