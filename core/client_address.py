"""The visitor's own address, also behind the reverse proxies named in TRUSTED_PROXIES.

Rate limits (allauth's, page passwords) key on it. Without TRUSTED_PROXIES it is
REMOTE_ADDR and X-Forwarded-For is ignored: anyone can write that header. With it,
X-Forwarded-For is read only from a trusted peer, from the right (each proxy appends
the address it saw), skipping trusted hops: the first untrusted hop is the client.
Whatever the client itself put at the left of the header is never reached.
"""

import functools
import ipaddress

from allauth.core.internal.httpkit import clean_client_ip
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(entry.strip()) for entry in trusted)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES holds an entry that is not an IP address or CIDR "
            f"network: {error}"
        ) from error


def trusted_proxy_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that sent `request`, or None if there is none."""
    remote = request.META.get("REMOTE_ADDR")
    address = clean_client_ip(remote) if remote else None
    networks = trusted_proxy_networks()
    if address is None or not networks or not _is_trusted(address, networks):
        return address
    forwarded = request.headers.get("X-Forwarded-For", "")
    for hop in reversed(forwarded.split(",")):
        hop_address = clean_client_ip(hop) if hop.strip() else None
        if hop_address is None:
            # A trusted proxy passed on something that is no address: the last
            # trusted hop is as near to the client as can be known.
            break
        if not _is_trusted(hop_address, networks):
            return hop_address
        address = hop_address
    return address
