"""Reading a medcrm JSON export a record at a time (``import json``, a server's ``restore``,
``migrate-to``), so a file of any size imports with flat memory.

The export is one object whose values are small (``"version": 2``) or lists of records
(``"contacts": [...]``). :func:`sections` yields each key with its value, a list as an iterator
of its records, each decoded by json's C decoder from a window of the text. Any spelling of
JSON reads the same (one line or pretty-printed, any key order); the limit is per record
(:data:`MAX_RECORD_CHARS`), not per file.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from medcrm.pure.errors import InvalidInput

MAX_RECORD_CHARS = 4 * 1024 * 1024  # one contact, interaction, ... (a 100 kB note fits 40 times)
CHUNK_BYTES = 1 << 16
_SPACE = re.compile(r"[ \t\n\r]*")
_AFTER_RECORD = re.compile(r"[ \t\n\r]*([,\]])[ \t\n\r]*")  # what follows a list's record
_DECODER = json.JSONDecoder()
NOT_AN_EXPORT = (
    "This is not a medcrm JSON export (made by 'medcrm export json'); "
    "for other files use import linkedin, google, vcard or csv."
)

Record = tuple[str, Any]  # where it stands ("contacts[12]") and the decoded value


def file_chunks(source: Any, first: bytes = b"") -> Iterator[bytes]:
    """The bytes of an open binary file, ``first`` (already read) and then a chunk at a time."""
    if first:
        yield first
    while block := source.read(CHUNK_BYTES):
        yield block


def decoded(chunks: Iterable[bytes]) -> Iterator[str]:
    """The text of ``chunks``: UTF-8 (with or without a BOM) or UTF-16 with its BOM, decoded as
    it arrives. medcrm writes its exports in UTF-8: bytes that are not are one error (nothing is
    imported), not rows that could not be stored."""
    decoder: codecs.IncrementalDecoder | None = None
    try:
        for chunk in chunks:
            if decoder is None:
                if chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                    decoder = codecs.getincrementaldecoder("utf-16")()
                else:
                    if b"\x00" in chunk[:4096]:
                        raise InvalidInput(
                            "The file has NUL bytes: it is not a text file (or not a medcrm "
                            "export)."
                        )
                    decoder = codecs.getincrementaldecoder("utf-8-sig")()
            if text := decoder.decode(chunk):
                yield text
        if decoder is not None and (rest := decoder.decode(b"", final=True)):
            yield rest
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"The file is not {'UTF-16' if '16' in exc.encoding else 'UTF-8'} text throughout "
            "(cut short, or changed by another program); export it again with 'medcrm export "
            "json'."
        ) from exc


class _Text:
    """A window on the text: what is read but not yet decoded, refilled from the chunks."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.texts = iter(texts)
        self.buf = ""
        self.pos = 0
        self.lines_before = 0  # newlines in the text already dropped from the window
        self.ended = False

    def more(self) -> bool:
        """Read the next piece of text into the window; False at the end of the file."""
        piece = next(self.texts, None)
        if piece is None:
            self.ended = True
            return False
        self.lines_before += self.buf.count("\n", 0, self.pos)
        self.buf = self.buf[self.pos :] + piece
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), not consumed."""
        while True:
            self.pos = _SPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return ""

    def line(self, at: int | None = None) -> int:
        return self.lines_before + self.buf.count("\n", 0, self.pos if at is None else at) + 1

    def expect(self, char: str, what: str) -> None:
        if self.peek() != char:
            raise InvalidInput(
                f"The file is not valid JSON (expected {what} at line {self.line()})."
            )
        self.pos += 1

    def value(self, where: str) -> Any:
        """The JSON value at the window's start, read whole (more text is read as needed)."""
        if self.pos >= len(self.buf) or self.buf[self.pos] in " \t\n\r":
            self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except RecursionError as exc:
                raise InvalidInput(
                    f"{where} (line {self.line()}) is nested too deeply to be a medcrm record."
                ) from exc
            except json.JSONDecodeError as exc:
                if self._grow(where):
                    continue
                raise InvalidInput(
                    f"The file is not valid JSON ({exc.msg} at line {self.line(exc.pos)})."
                ) from exc
            if end == len(self.buf) and not self.ended and self._grow(where):
                continue  # a number may go on in the next piece
            if end - self.pos > MAX_RECORD_CHARS:
                self._grow(where)  # says it is too big
            self.pos = end
            return value

    def _grow(self, where: str) -> bool:
        """More text for the value being read; False at the end of the file. Raises when one
        value is over the record limit."""
        if len(self.buf) - self.pos > MAX_RECORD_CHARS:
            raise InvalidInput(
                f"{where} (line {self.line()}) is over {MAX_RECORD_CHARS // 1024 // 1024} MB or "
                "not valid JSON; medcrm reads records up to that size."
            )
        return self.more()


def sections(texts: Iterable[str]) -> Iterator[tuple[str, Any]]:
    """The export's top-level keys in file order, each with its value; a list's value is an
    iterator of its records as ``(where, value)``, which must be used (or dropped) before the
    next key is asked for: what is left of it is skipped then."""
    text = _Text(texts)
    if text.peek() != "{":
        if text.peek() == "":
            raise InvalidInput("The file is empty: it is not a medcrm JSON export.")
        raise InvalidInput(NOT_AN_EXPORT)
    text.pos += 1
    seen: set[str] = set()
    while True:
        char = text.peek()
        if char == "}":
            text.pos += 1
            break
        if seen:
            text.expect(",", "',' or '}'")
        key = text.value("a key")
        if not isinstance(key, str):
            raise InvalidInput(f"The file is not valid JSON (a key at line {text.line()}).")
        if key in seen:
            raise InvalidInput(f"'{key}' appears twice in the file; keep one of them.")
        seen.add(key)
        text.expect(":", "':'")
        if text.peek() == "[":
            records = _records(text, key)
            yield key, records
            for _ in records:  # what the caller did not read
                pass
        else:
            yield key, text.value(key)
    if text.peek() != "":
        raise InvalidInput(f"The file goes on after the export ends (line {text.line()}).")


def _records(text: _Text, key: str) -> Iterator[Record]:
    text.expect("[", "'['")
    if text.peek() == "]":
        text.pos += 1
        return
    n = 0
    while True:
        where = f"{key}[{n}]"
        yield where, text.value(where)
        n += 1
        if found := _AFTER_RECORD.match(text.buf, text.pos):  # the usual case, in one step
            if found[1] == ",":
                text.pos = found.end()
                continue
            text.pos = found.end(1)
            return
        char = text.peek()
        text.pos += 1
        if char == "]":
            return
        if char != ",":
            text.pos -= 1
            text.expect(",", "',' or ']'")
