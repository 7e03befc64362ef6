"""Bytes to text, and the limits every article text must meet.

Files come from the open web: wrong encodings, binary data, giant pages. A file is decoded
strictly (UTF-8, UTF-16 with or without a BOM, or a charset the HTML declares) or refused with a
reason, never guessed into mojibake, because every fact's span indexes into the text decoded
here. The size limits keep one pathological file from holding the pipeline for minutes or
taking gigabytes of memory.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from allywatch.ingest.errors import refuse

MAX_BYTES = 5 * 1024 * 1024
# What the NLP stage can take in bounded time and memory. A news story is 1,000-20,000
# characters; 100,000 characters (some 17,000 spaCy tokens) take the parser about 300 MB.
MAX_TEXT_CHARS = 100_000
# Time grows with tokens, not characters: a string of emoji is one token per character.
MAX_TEXT_TOKENS = 20_000
# spaCy's tokenizer splits affixes off a whitespace-free run one at a time, re-scanning the
# rest each time: a run of 6,000 emoji or brackets takes it 12 s, growing with the square.
# Prose, long URLs and unspaced CJK paragraphs stay well below this.
MAX_RUN_CHARS = 1_000
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 8192
_CONTROL_RATIO = 0.05
_UTF16_NUL_SHARE = 0.3  # share of code units with a zero byte that marks BOM-less UTF-16
# Python codecs a page may name that are not text encodings of the web: they would turn escape
# sequences into characters (lone surrogates included) or fail in ways other than decoding.
_NOT_PAGE_CHARSETS = frozenset(
    {"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode", "utf-7"}
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_TOKEN = re.compile(r"\w+|[^\w\s]")  # about what spaCy counts as a token
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")


def load_text(path: Path) -> str:
    """The file's text, or IngestError naming what is wrong with it."""
    text = decode(load_bytes(path), str(path))
    if not text.strip():
        raise refuse(str(path), "empty file")
    if looks_binary(text):
        raise refuse(str(path), "not an article (binary data)")
    return text


def load_bytes(path: Path) -> bytes:
    name = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise refuse(name, "is a folder, not a file")
        if size > MAX_BYTES:
            raise refuse(name, f"too large ({size / 1e6:.1f} MB; limit 5 MB)")
        return path.read_bytes()
    except FileNotFoundError:
        raise refuse(name, "no such file") from None
    except PermissionError:
        raise refuse(name, "cannot read (permission denied)") from None
    except OSError as error:
        raise refuse(name, f"cannot read ({error.strerror or error})") from None


def decode(data: bytes, name: str) -> str:
    """UTF-8 / UTF-16 by BOM, UTF-16 by its zero bytes, else strict UTF-8, else a charset the
    HTML declares."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, name)
    if b"\x00" in data[:_SAMPLE]:
        return _utf16_without_bom(data, name)
    if data.startswith(b"%PDF"):
        raise refuse(name, "not an article (binary data)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared:
        return _strict(data, declared, name)
    raise refuse(name, "cannot decode text (not UTF-8 or UTF-16; save it as UTF-8)")


def _utf16_without_bom(data: bytes, name: str) -> str:
    """Text saved as UTF-16 without a BOM (Windows tools do): Latin text then has a zero byte
    in nearly every code unit, always on the same side. Anything else with zero bytes is
    binary."""
    sample = data[:_SAMPLE]
    units = len(sample) // 2
    high, low = sample[0::2].count(0), sample[1::2].count(0)
    for encoding, zeros, others in (("utf-16-le", low, high), ("utf-16-be", high, low)):
        if len(data) % 2 == 0 and zeros >= _UTF16_NUL_SHARE * units and others * 10 <= zeros:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    raise refuse(name, "not an article (binary data)")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        if codecs.lookup(encoding).name in _NOT_PAGE_CHARSETS:
            raise LookupError(encoding)
        return data.decode(encoding)
    except (UnicodeError, LookupError):
        raise refuse(name, f"cannot decode text as {encoding}") from None


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 2 KB (`<meta charset=...>`)."""
    head = data[:2048].decode("ascii", errors="replace").lower()
    marker = head.find("charset=")
    if marker < 0 or "<" not in head:
        return None
    match = re.match(r"[\"' ]*([\w-]{1,40})", head[marker + 8 :])
    return match[1] if match else None


def looks_binary(text: str) -> bool:
    """More than a few control characters (other than tab, newline, CR, FF) means not text."""
    sample = text[:_SAMPLE]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
    return controls > _CONTROL_RATIO * len(sample)


def check_text(text: str, name: str) -> str:
    """`text` unchanged if the NLP stage can take it in bounded time, else IngestError."""
    check_string(text, name, "text")
    tokens = sum(1 for _ in _TOKEN.finditer(text))
    if tokens > MAX_TEXT_TOKENS:
        reason = f"text too long ({tokens:,} words and symbols; limit {MAX_TEXT_TOKENS:,})"
        raise refuse(name, reason)
    run = _LONG_RUN.search(text)
    if run:
        reason = f"not prose (a run of {len(run[0]):,} characters without a space)"
        raise refuse(name, reason)
    return text


def check_string(value: str, name: str, field: str) -> str:
    """`value` unchanged, or IngestError: over the length limit, or holding a lone surrogate
    (a broken "\\ud800" escape in JSON), which no UTF-8 file, database or page can store."""
    if len(value) > MAX_TEXT_CHARS:
        reason = f"{field} too long ({len(value):,} characters; limit {MAX_TEXT_CHARS:,})"
        raise refuse(name, reason)
    bad = _SURROGATE.search(value)
    if bad:
        reason = f"{field} holds invalid Unicode (lone surrogate {bad[0]!a} at {bad.start()})"
        raise refuse(name, reason)
    return value
