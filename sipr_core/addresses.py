"""Where phones reach the app: its public address, or this machine's addresses on the local network.

A join link and its QR code must carry an address a phone can open. The browser's own address is no
use when the facilitator opened the app as ``localhost``: ``SIPR_PUBLIC_URL`` (or ``public_url`` in
Streamlit's secrets) names the address people use, as a proxy serves it; without one, the machine's
network addresses are offered instead.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import quote, urlsplit

from .errors import InputError

PUBLIC_URL_ENV = "SIPR_PUBLIC_URL"
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def check_public_url(text: str) -> str:
    """The public address as links use it (no trailing slash); ``InputError`` when it is no web address."""
    url = text.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        shown = text.strip()[:80]
        raise InputError(
            f"The public address “{shown}” ({PUBLIC_URL_ENV}, or public_url in the secrets) is not a web "
            "address. Set it to the address people open, like https://sipr.example.org."
        )
    return url


def is_loopback(url: str) -> bool:
    """Whether the address names this computer only (``localhost``, 127.0.0.1, ::1): no phone can open it."""
    host = (urlsplit(url).hostname or "").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def network_addresses() -> list[str]:
    """This machine's IPv4 addresses that another device on its network may reach, most likely first."""
    found: list[str] = []
    try:  # the address of the route out (a UDP "connection" sends nothing)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            found.append(str(probe.getsockname()[0]))
    except OSError:
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    except OSError:
        pass
    return [a for a in dict.fromkeys(found) if _reachable(a)]


def _reachable(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


def address_choices(page_url: str, addresses: list[str]) -> list[str]:
    """The app's address on each network address, with the scheme and port the browser used."""
    parts = urlsplit(page_url)
    port = f":{parts.port}" if parts.port else ""
    return [f"{parts.scheme or 'http'}://{address}{port}" for address in addresses]


def app_address(page_url: str) -> str:
    """The app's own address from the address of one of its pages (its query and page name dropped)."""
    base = page_url.split("?", 1)[0].rstrip("/")
    if "://" in base and base.count("/") > 2:
        base = base.rsplit("/", 1)[0]
    return base


def vote_link(base_url: str, vote_path: str, code: str, participant_id: str | None = None) -> str:
    """The Vote page's address under the app's address ``base_url`` (its path kept, as a proxy serves it)."""
    link = f"{base_url.rstrip('/')}/{vote_path}?code={quote(code)}"
    return link + (f"&p={quote(participant_id)}" if participant_id else "")
