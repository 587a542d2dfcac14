"""Turn a file's bytes into clean text: BOMs, encodings, binary detection, newline and control-char repair."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

# BOMs are checked before the NUL test because UTF-16/32 text is full of NUL bytes.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than tab/newline, DEL, and lone surrogates (JSON "\ud800" decodes to one): they break
# XML/JUnit output and UTF-8 writers downstream, so they are replaced one-for-one before any span exists.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_BINARY_SAMPLE = 8192
_NOT_CONTROL = bytes(b for b in range(256) if b >= 0x20 or b in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))


class BinaryInput(Exception):
    """The bytes are not text in any encoding we can trust."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and a warning when the decoding was a guess."""

    text: str
    encoding: str
    warning: str | None = None


def _looks_binary(data: bytes) -> bool:
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        return True
    # Text in any 8-bit encoding has few C0 controls; executables and images have many.
    controls = len(sample.translate(None, _NOT_CONTROL))  # C speed: delete the rest, count what is left
    return controls > max(4, len(sample) // 20)


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, html: bool = False) -> Decoded:
    """Decode `data`; raise BinaryInput when it is not text. `html` lets a <meta charset> be tried first."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return Decoded(normalise_text(text), encoding)
    if _looks_binary(data):
        raise BinaryInput("binary file")
    try:
        return Decoded(normalise_text(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if html:
        declared = _declared_charset(data)
        if declared and declared != "utf-8":
            try:
                return Decoded(normalise_text(data.decode(declared)), declared)
            except (UnicodeDecodeError, LookupError):
                pass
    from charset_normalizer import from_bytes  # lazy: only legacy-encoded files pay for the import

    best = from_bytes(data).best()
    if best is not None and best.encoding and best.encoding != "utf_8":
        guessed: str | None
        try:
            guessed = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            guessed = None
        if guessed is not None:
            name = codecs.lookup(best.encoding).name
            return Decoded(normalise_text(guessed), name, f"not UTF-8: decoded as {name} (detected)")
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return Decoded(
        normalise_text(text),
        "utf-8",
        f"invalid UTF-8 at byte {first_bad}: {bad} undecodable byte sequence(s) replaced with U+FFFD",
    )


def normalise_text(text: str) -> str:
    """Canonical form of article text: NFC, LF newlines, no BOM, no control characters or lone surrogates."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    text = _SURROGATE.sub("\ufffd", text)
    # NFC so that the same word typed with combining accents matches across articles.
    return unicodedata.normalize("NFC", text)
