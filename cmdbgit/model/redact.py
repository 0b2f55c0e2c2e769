"""What may be shown of a document value: the one gate between document text and any output.

Two decisions live here, below every layer that prints, so ``validate``, ``policy``, ``diff``
and the output formats all use the same ones:

* **secret or not** — by the field's name (``db_password``, ``api_key``) or the value's
  shape (a PEM key, a well-known token, a URL with a password, ``password=…`` inside text, a
  long high-entropy run). The ``no-plaintext-secrets`` rule flags with it; every output
  redacts with it. Ids are never secrets: ``serial``, ``asset_tag``, ``key_ref`` and ``id``
  fields are not judged, and callers do not pass references that name a document.
* **terminal safety** — a value may hold line breaks, ESC/OSC sequences, C1 controls, line
  separators, bidi overrides or lone surrogates. ``terminal`` shows each as ``\\uXXXX`` so a
  value stays on its line, cannot drive the terminal, reorder what a reader sees, or start a
  GitHub Actions workflow command (``::add-mask::``, ``::stop-commands::``, ``##[…]``).

``redact(value, path)`` combines both for messages: ``<redacted>`` or the value cut to
``MAX_CHARS`` characters and made terminal-safe (strings quoted).
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

REDACTED = "<redacted>"
#: Characters of a value a message shows at most: a message names a value, it does not
#: reproduce a document.
MAX_CHARS = 80

#: Field names that are never secrets, whatever their value looks like.
NOT_SECRET_FIELDS = frozenset({"serial", "asset_tag", "key_ref", "id"})

#: The last word of a field name that marks a secret ("db_password", "apiToken", "client-secret");
#: a name that merely starts with one ("password_ref", "token_ttl") points at a secret or
#: describes it.
SECRET_WORDS = frozenset(
    {
        "password",
        "passwd",
        "passphrase",
        "pwd",
        "secret",
        "token",
        "apikey",
        "credential",
        "credentials",
    }
)
#: The last two words of a field name that mark a secret ("api_key", "license_key").
SECRET_PAIRS = frozenset(
    {
        ("api", "key"),
        ("license", "key"),
        ("licence", "key"),
        ("private", "key"),
        ("access", "key"),
        ("secret", "key"),
        ("auth", "key"),
        ("signing", "key"),
        ("encryption", "key"),
    }
)
_PEM = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ )*)(?:PRIVATE KEY|KEY BLOCK)-----")
_TOKENS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "a GitHub token",
        re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})"),
    ),
    ("a GitLab token", re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("an AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a Stripe live key", re.compile(r"\b[rs]k_live_[A-Za-z0-9]{16,}")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}")),
    ("an npm token", re.compile(r"\bnpm_[A-Za-z0-9]{36}")),
)
_CREDENTIAL_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", re.IGNORECASE)
#: ``password=…`` / ``api_key: …`` inside free text: a secret word (or pair), ``=`` or ``:``,
#: then six or more non-blank characters. A reference (``vault://…``, ``${VAR}``, ``<…>``)
#: points at a secret and is not one; nor is one plain lowercase word ("secret: stored in …").
_WORDS_ALTERNATION = "|".join(
    sorted(SECRET_WORDS | {f"{a}[_ -]?{b}" for a, b in SECRET_PAIRS}, key=len, reverse=True)
)
_ASSIGNMENT = re.compile(
    rf"(?i)(?<![A-Za-z0-9])(?:[A-Za-z0-9]+[_-])?(?:{_WORDS_ALTERNATION})[\"']?\s*[:=]\s*"
    r"(?![\"']?(?:\$\{|<|[a-z][a-z0-9+.-]*://|[a-z]+[.,;:)]?(?:\s|$)))[\"']?(\S{6,})"
)
#: Every match of ``_ASSIGNMENT`` holds one of these (a secret word, or a pair's last word).
_ASSIGNMENT_WORDS = tuple(sorted(SECRET_WORDS | {b for _, b in SECRET_PAIRS}))
#: A maximal run: tried only where one begins (the look-behind), so text of short words costs
#: one test a character, not one per character of each word — the same matches.
_RUN = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/=_-]{32,}")
#: One cheap scan that every judged value passes: most values fail it and cost one search.
_CANDIDATE = re.compile(
    r"-----BEGIN |gh[pousr]_|github_pat_|glpat-|xox[abposr]-|AKIA|ASIA|[rs]k_live_|AIza|npm_"
    r"|://[^/\s:@]+:[^/\s@]+@|(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/=_-]{32,}"
)
#: ``_CANDIDATE`` without the long run: what a PEM key, a token or a credential URL starts with.
#: (The look-ahead names every first character: the engine skips the others quickly.)
_PREFIXED = re.compile(
    r"(?=[-:gxArsn])(?:-----BEGIN |gh[pousr]_|github_pat_|glpat-|xox[abposr]-|AKIA|ASIA"
    r"|[rs]k_live_|AIza|npm_|://[^/\s:@]+:[^/\s@]+@)"
)
_HEX = re.compile(r"[0-9a-fA-F-]+")
_DIGIT = re.compile(r"[0-9]")
#: Bits of Shannon entropy per character above which a long mixed run reads as random.
ENTROPY_THRESHOLD = 4.0


def judge(name: str, value: Any) -> str | None:
    """Why ``value`` under field ``name`` looks like a secret, or None."""
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, str | int | float) and secret_name(name):
        return f"its field name {name!r} marks a secret"
    if isinstance(value, str):
        return secret_shape(value)
    return None


@functools.lru_cache(maxsize=4096)
def secret_name(name: str) -> bool:
    """True when ``name`` ends with a secret word (``db_password``) or pair (``api_key``)."""
    if name.lower() in NOT_SECRET_FIELDS:
        return False
    words = _words(name)
    if not words:
        return False
    return words[-1] in SECRET_WORDS or tuple(words[-2:]) in SECRET_PAIRS


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w]


def secret_shape(value: str) -> str | None:
    """Why a string looks like a secret whatever its field is called, or None."""
    candidate = _CANDIDATE.search(value) is not None
    # Most candidates are only long runs (ids); the patterns below need one of these literals.
    if candidate and _PREFIXED.search(value):
        if _PEM.search(value):
            return "it holds a PEM private key"
        for why, pattern in _TOKENS:
            if pattern.search(value):
                return f"it holds {why}"
        if _CREDENTIAL_URL.search(value):
            return "it holds a URL with an embedded password"
    if _assignment(value):
        return "it holds a secret written as key=value"
    if not candidate:
        return None
    for run in _RUN.findall(value):
        if _random(run):
            return "it holds a long high-entropy string"
    return None


def shape_possible(text: str) -> bool:
    """False when no value within ``text`` can look like a secret by its shape: a filter for
    many values at once, joined by newlines. Every shape ``secret_shape`` flags holds a
    ``_PREFIXED`` literal, an ``_ASSIGNMENT`` or a random ``_RUN``, and none of them needs to
    see past a line break to match inside one value, so a value that matches alone matches
    in the joined text too. (Long runs alone — the paths of URLs, ids — are common: only a
    random one counts.)"""
    if _PREFIXED.search(text) is not None or _assignment(text):
        return True
    return any(_random(run) for run in _RUN.findall(text))


#: ``_PREFIXED``'s alternatives, over bytes: literals found by a substring search, the others
#: by a pattern that starts with a literal (which the engine also finds by a substring
#: search, where the alternation is tried at every position). A PEM key needs no search of
#: its own: ``_PEM`` holds ``KEY``, one of the ``_WORD_PARTS``.
_PREFIXED_LITERALS = (b"github_pat_", b"glpat-", b"AKIA", b"ASIA", b"k_live_", b"AIza", b"npm_")
_PREFIXED_PATTERNS = (
    re.compile(rb"gh[pousr]_"), re.compile(rb"xox[abposr]-"),
    re.compile(rb"://[^/\s:@]+:[^/\s@]+@"),
)  # fmt: skip
#: Every secret name and ``_ASSIGNMENT`` match holds one of these, lower-cased (the secret
#: words and the pairs' last word, each kept only when no shorter one is inside it).
_WORD_PARTS = (b"key", b"pass", b"pwd", b"secret", b"token", b"credential")
#: Every byte of a ``_RUN`` as ``a``, every other byte as a space: runs are then found by a
#: substring search for 32 ``a``.
_RUN_BYTES = bytes.maketrans(
    bytes(range(256)),
    bytes(
        0x61 if chr(b).isascii() and (chr(b).isalnum() or chr(b) in "+/=_-") else 0x20
        for b in range(256)
    ),
)
_LONG_RUN = b"a" * 32
_BACKSLASH = ord("\\")


def possible_in_json(texts: list[bytes], plain_keys: Sequence[bytes] = ()) -> list[bool]:
    """For each ASCII JSON text (a document's data, a report), whether some key or value in it
    may be a secret by its name (``secret_name``) or its shape (``secret_shape``): False only
    where neither can be. A filter for many documents at once, each search made once over all of
    them (one C call each instead of one per document). ``plain_keys``: one-word keys as the
    JSON writes them, quotes and colon included (``"passed":``), whose word ends no secret
    name (``plain_key``): not searched for word parts.

    Why the JSON text is enough: a secret name holds one of ``_WORD_PARTS``, as does every
    ``_ASSIGNMENT`` match; a PEM key, token or credential URL starts with a ``_PREFIXED``
    literal, which escaping leaves whole (it only turns characters a pattern refuses into
    ones it accepts). A value's long run appears in the JSON as it is or, after an escaped
    control character, longer by the escape's letters: such a run is kept without an
    entropy test. No match crosses a line break, and JSON text holds none: the texts are
    joined by line breaks and each match is charged to the text it lies in. A plain key is
    blanked out whole: inside a JSON string a quote is escaped, so a quote, the word, a quote
    and a colon end a key, whose last word is then that word (a quote separates words): a
    secret name it is not."""
    big = b"\n".join(texts)
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    hit = [False] * len(texts)

    def mark(position: int) -> int:
        """Marks the text at ``position``; the offset where the next text begins."""
        number = bisect.bisect_right(starts, position) - 1
        hit[number] = True
        return starts[number + 1] if number + 1 < len(starts) else len(big)

    for literal in _PREFIXED_LITERALS:
        where = big.find(literal)
        while where != -1:
            where = big.find(literal, mark(where))
    for pattern in _PREFIXED_PATTERNS:
        found = pattern.search(big)
        while found is not None:
            found = pattern.search(big, mark(found.start()))
    lowered = big.lower()
    for key in plain_keys:
        lowered = lowered.replace(key, b" " * len(key))  # the same length: offsets hold
    for part in _WORD_PARTS:
        where = lowered.find(part)
        while where != -1:
            where = lowered.find(part, mark(where))
    del lowered
    runs = big.translate(_RUN_BYTES)
    where = runs.find(_LONG_RUN)
    while where != -1:
        end = runs.find(b" ", where)
        end = len(runs) if end == -1 else end
        after_escape = where > 0 and big[where - 1] == _BACKSLASH
        if after_escape or _random(big[where:end].decode()):
            end = max(end, mark(where))
        where = runs.find(_LONG_RUN, end)
    return hit


def plain_key(word: str) -> bytes:
    """``word`` as a JSON key that ``possible_in_json`` need not search (``"passed":``); an
    error for a word that could end a secret name."""
    if _words(word) != [word]:
        raise ValueError(f"{word!r} is not one lower-case word")
    if word in SECRET_WORDS or any(pair[-1] == word for pair in SECRET_PAIRS):
        raise ValueError(f"{word!r} ends secret names")
    return f'"{word}":'.encode()


def _assignment(text: str) -> bool:
    """``_ASSIGNMENT`` found in ``text``. The pattern is slow (a case-insensitive alternation
    tried at every position, ~0.25 µs a character): substring tests keep it off text that
    cannot match — no ``=`` or ``:``, or, for ASCII text (where lower-casing is exactly the
    pattern's case-insensitivity), none of the words it needs."""
    if "=" not in text and ":" not in text:
        return False
    if text.isascii():
        lowered = text.lower()
        if not any(word in lowered for word in _ASSIGNMENT_WORDS):
            return False
    return _ASSIGNMENT.search(text) is not None


def _random(run: str) -> bool:
    # A run is ASCII (``_RUN``): it has a lower-case letter when upper-casing changes it.
    if run == run.lower() or run == run.upper() or _DIGIT.search(run) is None:
        return False  # ids, words, digests: a random credential mixes all three
    if _HEX.fullmatch(run):
        return False  # digests, commit ids, UUIDs: identifiers, not credentials
    counts = Counter(run)
    entropy = -sum(n / len(run) * math.log2(n / len(run)) for n in counts.values())
    return entropy >= ENTROPY_THRESHOLD


def redact_tree(value: Any, names: tuple[str, ...]) -> Any:
    """``value`` with every flagged leaf replaced by ``<redacted>``; ``names`` are the mapping
    keys on the way to it (a leaf is judged under the nearest one, as the rule does)."""
    return _Redactor().node(value, names[-1] if names else "")


_PLAIN, _SECRET, _EXEMPT = 0, 1, 2


@functools.lru_cache(maxsize=4096)
def _name_class(name: str) -> int:
    if name.lower() in NOT_SECRET_FIELDS:
        return _EXEMPT
    return _SECRET if secret_name(name) else _PLAIN


class _Redactor:
    """One walk of ``redact_tree``: what ``judge`` decides, with the common leaves (strings,
    numbers) decided inline and each distinct string's shape judged once — a report of
    100,000 documents has 1.4 million strings, a fifth of them distinct. A mapping or list
    with nothing to redact (nearly all of them) is returned as it is, not copied."""

    __slots__ = ("classes", "shapes")

    def __init__(self) -> None:
        self.shapes: dict[str, bool] = {}
        #: Each mapping key's class, for this walk (the few keys of a report's rows).
        self.classes: dict[Any, int] = {}

    def node(self, value: Any, name: str) -> Any:
        cls = _name_class(name)
        if cls == _EXEMPT:
            return value
        if isinstance(value, dict):
            return self.mapping(value)
        if isinstance(value, list):
            return self.sequence(value, name, cls)
        return self.leaf(value, name, cls)

    def mapping(self, value: dict[Any, Any]) -> dict[Any, Any]:
        out: dict[Any, Any] | None = None  # a copy, begun at the first value that changes
        shapes = self.shapes
        classes = self.classes
        for k, v in value.items():
            cls = classes.get(k)
            if cls is None:
                cls = classes[k] = _name_class(k if type(k) is str else str(k))
            kind = type(v)
            if cls == _PLAIN and kind is str:  # the common leaves, inline
                secret = shapes.get(v)
                if secret is None:
                    secret = shapes[v] = secret_shape(v) is not None
                new = REDACTED if secret else v
            elif cls == _EXEMPT or (
                cls == _PLAIN and (kind is int or kind is float or v is None or kind is bool)
            ):
                new = v
            else:
                new = self.leaf(v, k if type(k) is str else str(k), cls)
            if out is not None:
                out[k] = new
            elif new is not v:
                out = {}
                for before, kept in value.items():
                    if before is k:
                        break
                    out[before] = kept
                out[k] = new
        return value if out is None else out

    def sequence(self, value: list[Any], name: str, cls: int) -> list[Any]:
        out: list[Any] | None = None
        for index, item in enumerate(value):
            new = self.leaf(item, name, cls)
            if out is not None:
                out.append(new)
            elif new is not item:
                out = [*value[:index], new]
        return value if out is None else out

    def leaf(self, value: Any, name: str, cls: int) -> Any:
        kind = type(value)
        if kind is str:
            if cls == _SECRET:
                return REDACTED if value else value
            secret = self.shapes.get(value)
            if secret is None:
                secret = self.shapes[value] = secret_shape(value) is not None
            return REDACTED if secret else value
        if kind is int or kind is float:
            return REDACTED if cls == _SECRET else value
        if kind is dict:
            return self.mapping(value)
        if kind is list:
            return self.sequence(value, name, cls)
        if value is None or kind is bool:
            return value
        # Subclasses and anything else: the general rule.
        if isinstance(value, dict | list):
            return self.node(value, name)
        return REDACTED if judge(name, value) else value


def is_secret(value: object, path: str = "") -> bool:
    """True when the field at ``path`` (its last name) or anything in ``value`` is flagged."""
    return bool(redact_tree(value, (_last_name(path),)) != value)


def redact(value: object, path: str = "") -> str:
    """A document value as a message may show it: ``<redacted>`` when the field named by
    ``path`` or the value is secret-shaped, else the value on one line (a string quoted,
    ``true``/``false``/``null``, other values as JSON), cut to ``MAX_CHARS`` characters (with
    ``…``) and made terminal-safe."""
    if is_secret(value, path):
        return REDACTED
    if isinstance(value, str):
        return f"'{terminal(cut(value))}'"
    return terminal(cut(json.dumps(value, ensure_ascii=False, default=str)))


def cut(text: str, limit: int = MAX_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_PATH_PART = re.compile(r'\["((?:[^"\\]|\\.)*)"\]|\[[^\]]*\]|([^.\[]+)')


def _last_name(path: str) -> str:
    """The last mapping key of a path (``spec.users[0].password`` → ``password``)."""
    name = ""
    for quoted, plain in _PATH_PART.findall(path):
        if quoted or plain:
            name = quoted or plain
    return name


#: C0 controls (tab and newline included: a value must stay on its line), DEL, C1 controls,
#: line and paragraph separators, bidi embeddings/overrides/isolates, lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: A workflow command: ``::`` at the start of a line (the runner strips leading blanks first)
#: or a legacy ``##[`` anywhere.
_LEADING_COMMAND = re.compile(r"^(\s*):(?=:)")
_LEGACY_COMMAND = re.compile(r"#(?=#\[)")


def terminal(value: object) -> str:
    """Untrusted text for one line of text output: every control, separator, bidi and
    surrogate character shown as ``\\uXXXX``, and a workflow-command opener (``::`` at the
    start, ``##[`` anywhere) broken by escaping its first character."""
    out = _UNSAFE.sub(_escape, str(value))
    out = _LEADING_COMMAND.sub(r"\1\\u003a", out)
    return _LEGACY_COMMAND.sub(r"\\u0023", out)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"
