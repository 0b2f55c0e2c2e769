"""Did-you-mean: the known names closest to a mistyped one.

One helper for every place a user types a name cmdbgit knows (kinds, fields, relation types,
ids, config keys, commands), so every hint reads the same: ``(did you mean 'hostname'?)``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: difflib's ratio below which a candidate is noise rather than a likely typo.
CUTOFF = 0.6
#: How far behind the best a runner-up may be and still be offered.
NEAR = 0.05


def suggest(name: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    """The candidates ``name`` was probably meant to be, best first.

    A candidate differing only in letter case comes first (``server`` -> ``Server``); then the
    closest by edit similarity.
    """
    known = sorted({c for c in candidates if isinstance(c, str)})
    if not known:
        return []
    folded = [c for c in known if c.lower() == name.lower() and c != name]
    if folded:
        return folded[:limit]  # only the letter case is wrong: nothing else is as likely
    lowered = name.lower()
    scored = []
    for candidate in known:
        matcher = difflib.SequenceMatcher(None, lowered, candidate.lower())
        if matcher.real_quick_ratio() >= CUTOFF and matcher.quick_ratio() >= CUTOFF:
            ratio = matcher.ratio()
            if ratio >= CUTOFF:
                scored.append((-ratio, candidate))
    scored.sort()
    if not scored:
        return []
    best = -scored[0][0]
    # A runner-up far behind the best is noise: 'depnds_on' means 'depends_on', not 'runs_on'.
    return [c for ratio, c in scored[:limit] if -ratio >= best - NEAR]


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'a' or 'b'?)`` — with its leading space — or ``""`` when nothing is
    close."""
    close = suggest(name, candidates)
    if not close:
        return ""
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)"
