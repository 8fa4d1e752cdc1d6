"""The production configuration passes Django's deployment checks."""

import os
import re
import subprocess
import sys

import yaml

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


COMPOSE_VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<default>[^}]*))?\}")
REQUIRED_BY_COMPOSE = {"SECRET_KEY": "x7-" + "k3Qp9vLz" * 8}


def compose_environment(**overrides) -> dict[str, str]:
    """The app's environment in docker-compose.yml with every ``${VAR:-default}`` at its default
    (``overrides`` playing the operator's shell), as the containers would get it."""
    app = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["x-app"]["environment"]

    def resolve(match):
        name = match["name"]
        if name in overrides:
            return overrides[name]
        if match["op"] and match["op"].endswith("?"):
            return REQUIRED_BY_COMPOSE[name]
        return match["default"] or ""

    env = {key: COMPOSE_VARIABLE.sub(resolve, str(value)) for key, value in app.items()}
    # No database or Redis is reached by the checks; the hostnames would not resolve here.
    env.update(DATABASE_URL="sqlite:///:memory:", REDIS_URL="", CELERY_BROKER_URL="")
    return env


def test_check_deploy_passes_under_the_compose_defaults():
    env = compose_environment()
    assert env["HTTPS"] == "true"
    assert env["MFA_REQUIRED_ROLES"] == "operator,admin"
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_plain_http_needs_an_explicit_https_false_and_then_the_check_warns():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", **compose_environment(HTTPS="false")
    )
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stdout + result.stderr


def test_the_demo_runs_without_two_factor_enforcement_unless_asked():
    makefile = (ROOT / "Makefile").read_text()
    assert "\nMFA_REQUIRED_ROLES ?=\n" in makefile
    run_env = next(line for line in makefile.splitlines() if line.startswith("RUN_ENV :="))
    assert "MFA_REQUIRED_ROLES=$(MFA_REQUIRED_ROLES)" in run_env


def test_tests_run_without_two_factor_enforcement_by_default(settings):
    assert settings.MFA_REQUIRED_ROLES == []
