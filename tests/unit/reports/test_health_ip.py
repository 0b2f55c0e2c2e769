"""The duplicate-IP check compares addresses as ``ipaddress`` writes them; the shortcut for a
plain dotted IPv4 address gives the same text as parsing it."""

from __future__ import annotations

import ipaddress

from hypothesis import given, settings
from hypothesis import strategies as st

from cmdbgit.reports.health import _ip


def reference(value: str) -> str:
    try:
        return ipaddress.ip_address(value.strip()).compressed
    except ValueError:
        return value.strip()


_OCTETS = st.one_of(
    st.integers(0, 300).map(str), st.sampled_from(["00", "01", "010", "255", "256", "-1", ""])
)
_DOTTED = st.lists(_OCTETS, min_size=3, max_size=5).map(".".join)
_PADDED = st.tuples(st.sampled_from(["", " "]), _DOTTED, st.sampled_from(["", "\n"])).map("".join)


@settings(max_examples=500, deadline=None)
@given(value=st.one_of(_DOTTED, _PADDED, st.ip_addresses().map(str), st.text(max_size=8)))
def test_ip_shortcut_agrees_with_ipaddress(value: str) -> None:
    assert _ip(value) == reference(value)
