"""``gitref._index`` reads ``git ls-tree -r -z`` output as a plain entry-by-entry reading does,
whatever the modes and paths (it scans the whole text at once with regular expressions)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cmdbgit.source.gitref import _index

MODES = {"100644": "blob", "100755": "blob", "120000": "blob", "160000": "commit", "100664": "blob"}


def _plain(listing: str, prefix: str) -> tuple[dict[str, str], list[str], dict[str, str]]:
    lead = f"{prefix}/" if prefix else ""
    blobs, special = {}, {}
    for entry in listing.split("\0")[:-1]:
        meta, path = entry.split("\t", 1)
        mode, _kind, sha = meta.split(" ")
        if path.startswith(lead):
            (blobs if mode in ("100644", "100755") else special)[path[len(lead) :]] = (
                sha if mode in ("100644", "100755") else mode
            )
    return blobs, sorted(blobs), special


#: Name parts, among them what the patterns look for (a mode, a tab) and undecodable bytes.
_NAME = st.lists(
    st.sampled_from(["a", "b", "0", "1", " ", "\t", ".", "-", "é", "100644 blob ", "\udc80"]),
    min_size=1,
    max_size=8,
).map("".join)
_PATH = st.lists(_NAME, min_size=1, max_size=3).map("/".join)
_ENTRY = st.tuples(
    st.sampled_from(sorted(MODES)), st.text("0123456789abcdef", min_size=40, max_size=40), _PATH
)


@given(
    st.lists(_ENTRY, max_size=30, unique_by=lambda e: e[2]), st.sampled_from(["", "a", "a/b", "0"])
)
def test_index_reads_every_entry_as_a_plain_reading_does(
    entries: list[tuple[str, str, str]], prefix: str
) -> None:
    listing = "".join(f"{mode} {MODES[mode]} {sha}\t{path}\0" for mode, sha, path in entries)
    assert _index(listing, prefix) == _plain(listing, prefix)


def test_links_submodules_and_odd_modes_are_set_apart() -> None:
    listing = (
        "100644 blob " + "a" * 40 + "\tinv/a.yaml\0"
        "120000 blob " + "b" * 40 + "\tinv/link.yaml\0"
        "160000 commit " + "c" * 40 + "\tinv/sub\0"
        "100664 blob " + "d" * 40 + "\tinv/old-mode.yaml\0"
        "100755 blob " + "e" * 40 + "\tinv/tab\tname.yaml\0"
    )
    blobs, paths, special = _index(listing, "inv")
    assert blobs == {"a.yaml": "a" * 40, "tab\tname.yaml": "e" * 40}
    assert paths == ["a.yaml", "tab\tname.yaml"]
    assert special == {"link.yaml": "120000", "sub": "160000", "old-mode.yaml": "100664"}
