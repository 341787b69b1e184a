"""The suite's network guard works (so a test that reaches out fails loudly)."""

from __future__ import annotations

import socket

import pytest

from tests.support import NetworkAccessError


def test_tcp_connect_is_refused() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(NetworkAccessError):
        sock.connect(("192.0.2.1", 80))


def test_name_lookup_is_refused() -> None:
    with pytest.raises(NetworkAccessError):
        socket.getaddrinfo("example.jp", 443)
