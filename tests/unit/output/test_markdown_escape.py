"""``output.escape``: untrusted text cannot break markdown, inject HTML, mention people or
drive a terminal."""

from __future__ import annotations

import pytest

from cmdbgit.output.escape import code, html_text, terminal, text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("srv-pay-db-01", "srv-pay-db-01"),
        ("</details>", "&lt;/details&gt;"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a|b", "a\\|b"),
        ("`tick`", "\\`tick\\`"),
        ("*em* _u_ ~s~", "\\*em\\* \\_u\\_ \\~s\\~"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("# title", "\\# title"),
        ("- item", "\\- item"),
        ("1. item", "1\\. item"),
        ("line\nbreak\r\nthree", "line break three"),
        ("@org/team", "@\u200borg/team"),
        ("a & b", "a &amp; b"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_text(raw: str, escaped: str) -> None:
    assert text(raw) == escaped


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain", "`plain`"),
        ("a`b", "``a`b``"),
        ("`x`", "`` `x` ``"),
        ("a|b", "`a\\|b`"),
        ("two\nlines", "`two lines`"),
        ("</details>", "`</details>`"),
    ],
)
def test_code(raw: str, escaped: str) -> None:
    assert code(raw) == escaped


def test_html_text() -> None:
    assert html_text('<b>"x"</b>\n@team') == "&lt;b&gt;&quot;x&quot;&lt;/b&gt; @\u200bteam"


def test_terminal() -> None:
    assert (
        terminal("ok\x1b[31mred\nnext\u202eevil\ttab")
        == "ok\\u001b[31mred\\u000anext\\u202eevil\\u0009tab"
    )
