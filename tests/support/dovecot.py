"""A private dovecot IMAP server for the poller's tests and benchmark: a temp config, a free port,
a Maildir per user — ``desk`` (the catch-all) and ``USERS`` for partners' own mailboxes
(plain-text login on 127.0.0.1, no TLS)."""

import getpass
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.mail_sink import free_port

DOVECOT = shutil.which("dovecot") or (
    "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else ""
)
USER, PASSWORD = "desk", "desk-imap-test"
USERS = {USER: PASSWORD, "partner-a": "imap-a-test", "partner-b": "imap-b-test"}


@dataclass
class Dovecot:
    port: int
    root: Path
    process: subprocess.Popen

    @property
    def maildir(self) -> Path:
        return self.maildir_of(USER)

    def maildir_of(self, user: str) -> Path:
        return self.root / "mail" / user

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def _config(root: Path, port: int) -> str:
    me = getpass.getuser()
    uid, gid = _mail_owner()
    # As root, dovecot wants unprivileged users for its processes and mail: the package's.
    internal, login = ("dovecot", "dovenull") if os.getuid() == 0 else (me, me)
    return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {internal}
default_login_user = {login}
mail_location = maildir:{root}/mail/%u
first_valid_uid = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def _mail_owner() -> tuple[int, int]:
    if os.getuid() != 0:
        return os.getuid(), os.getgid()
    owner = pwd.getpwnam("dovecot")
    return owner.pw_uid, owner.pw_gid


def _own(path: Path) -> None:
    uid, gid = _mail_owner()
    os.chown(path, uid, gid)


def start_dovecot() -> Dovecot:
    root = Path(tempfile.mkdtemp(prefix="desk-dovecot-"))
    os.chmod(root, 0o755)
    for sub in ("run", "state", "mail", "home"):
        (root / sub).mkdir()
    for sub in ("mail", "home"):
        _own(root / sub)
    port = free_port()
    for user in USERS:
        for sub in ("mail", "home"):
            (root / sub / user).mkdir()
            _own(root / sub / user)
    (root / "users").write_text(
        "".join(f"{user}:{{PLAIN}}{password}\n" for user, password in USERS.items())
    )
    (root / "dovecot.conf").write_text(_config(root, port))
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = Dovecot(port=port, root=root, process=process)
    from tests.conftest import service_reachable

    for _ in range(100):
        if service_reachable("127.0.0.1", port):
            return server
        if process.poll() is not None:
            break
        time.sleep(0.1)
    log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
    error = process.stderr.read().decode() if process.poll() is not None else ""
    server.stop()
    raise RuntimeError(f"dovecot did not start: {error} {log}")


def deliver(server: Dovecot, raw: bytes, name: str, user: str = USER) -> None:
    """Drop a message straight into a user's Maildir new/ (what an MTA's local delivery does)."""
    maildir = server.maildir_of(user)
    for sub in ("new", "cur", "tmp"):
        if not (maildir / sub).exists():
            (maildir / sub).mkdir()
            _own(maildir / sub)
    path = maildir / "new" / f"{time.time_ns()}.{name}.desk"
    path.write_bytes(raw)
    _own(path)


@pytest.fixture(scope="module")
def dovecot():
    """A dovecot for the module's tests (skipped outside CI when dovecot is not installed)."""
    from tests.conftest import IN_CI

    if not DOVECOT:
        if IN_CI:
            pytest.fail("dovecot is not installed (CI=true: an IMAP test may not be skipped)")
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    server = start_dovecot()
    yield server
    server.stop()
