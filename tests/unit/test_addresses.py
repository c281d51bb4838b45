"""Where phones reach the app (issue 16, item 1): the public address, loopback pages, network addresses."""

from __future__ import annotations

import ipaddress

import pytest

from sipr_core import InputError
from sipr_core.addresses import (
    address_choices,
    app_address,
    check_public_url,
    is_loopback,
    network_addresses,
    vote_link,
)


@pytest.mark.parametrize(
    "url",
    ["http://localhost:8501/consensus?code=X", "http://127.0.0.1:8501", "http://127.1.2.3", "http://[::1]:8501/"],
)
def test_a_page_on_this_computer_only_is_loopback(url):
    assert is_loopback(url)


@pytest.mark.parametrize("url", ["http://192.168.1.20:8501/consensus", "https://sipr.example.org", ""])
def test_a_network_or_public_page_is_not_loopback(url):
    assert not is_loopback(url)


def test_the_public_address_keeps_its_path_and_drops_a_trailing_slash():
    assert check_public_url(" https://sipr.example.org/district/ ") == "https://sipr.example.org/district"
    assert vote_link("https://sipr.example.org/district", "vote", "7KQ-M2X-9RD") == (
        "https://sipr.example.org/district/vote?code=7KQ-M2X-9RD"
    )


@pytest.mark.parametrize("typed", ["sipr.example.org", "ftp://sipr.example.org", "https://", "https://x.org/?a=1"])
def test_a_public_address_that_is_no_web_address_is_refused_saying_how_to_set_it(typed):
    with pytest.raises(InputError) as error:
        check_public_url(typed)
    assert str(error.value) == (
        f"The public address “{typed}” (SIPR_PUBLIC_URL, or public_url in the secrets) is not a web address. "
        "Set it to the address people open, like https://sipr.example.org."
    )


def test_the_choices_for_phones_keep_the_scheme_and_port_the_browser_used():
    page = app_address("http://localhost:8601/consensus?code=7KQ-M2X-9RD")
    assert page == "http://localhost:8601"
    assert address_choices(page, ["192.168.1.20", "10.0.0.5"]) == ["http://192.168.1.20:8601", "http://10.0.0.5:8601"]


def test_the_network_addresses_are_ones_another_device_could_reach():
    for address in network_addresses():
        ip = ipaddress.ip_address(address)
        assert not (ip.is_loopback or ip.is_link_local or ip.is_unspecified)
