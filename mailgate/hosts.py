"""Where a partner's mailbox may point: the public internet only.

A partner's admin types the IMAP host. Left alone, the desk would connect wherever it is told
inside its own network (the database, the cache, a cloud's metadata address), and the mailbox
check's answers ("could not connect" against "not an IMAP server") would map which ports are open
there. So a host that is, or resolves to, an address that is not global — loopback, private,
link-local, shared, reserved — is refused when the mailbox is set and again before every
connection (a name may resolve elsewhere later). ``INBOUND_IMAP_PRIVATE_HOSTS`` lists the hosts
a deployment allows anyway (its own mail server on the private network; the tests' dovecot).
The catch-all mailbox of the settings is the operator's own and is not checked.
"""

import ipaddress
import socket

from django.conf import settings
from django.utils.translation import gettext as _


def host_is_private(host: str) -> bool:
    if host.strip().lower() in settings.INBOUND_IMAP_PRIVATE_HOSTS:
        return False
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False  # not resolvable now: a connection fails on its own
    return any(not ipaddress.ip_address(row[4][0].split("%")[0]).is_global for row in found)


def private_host_message() -> str:
    return _("This host is on a private network. Use your mail provider's public IMAP server.")
