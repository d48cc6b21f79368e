"""Reading a Kea configuration file as Kea does: JSON with #, // and /* */ comments,
<?include "file"?> lines and trailing commas (which Kea accepts with a warning), keeping track
of which file and line each part came from."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

INCLUDE = re.compile(r'<\?include\s+"([^"]+)"\s*\?>')
PYKEA_LIBRARY = "libdhcp_pykea.so"


class ConfigError(Exception):
    """The configuration cannot be read; the message names the file and line."""


@dataclass
class KeaConfig:
    path: str
    data: Dict[str, Any]
    lines: List[Tuple[str, int]]      # for each line of the expanded text: (file, line)
    text: str                         # the expanded text with comments blanked out
    warnings: List[str] = field(default_factory=list)   # one line each, as Kea warns

    @property
    def server(self) -> int:
        for key, server in (("Dhcp4", 4), ("Dhcp6", 6)):
            if key in self.data:
                return server
        raise ConfigError(f"{self.path}: neither Dhcp4 nor Dhcp6 at the top level; "
                          "pykea hooks run in kea-dhcp4 or kea-dhcp6")

    @property
    def section(self) -> Dict[str, Any]:
        return self.data[f"Dhcp{self.server}"]

    def pykea_entries(self) -> List[Tuple[int, Dict[str, Any]]]:
        """(index, entry) of each hooks-libraries entry that loads pykea's library."""
        entries = self.section.get("hooks-libraries", [])
        return [(i, e) for i, e in enumerate(entries) if isinstance(e, dict)
                and os.path.basename(str(e.get("library", ""))) == PYKEA_LIBRARY]

    def where(self, needle: str) -> Tuple[str, Optional[int]]:
        """(file, line) of the first line containing ``needle``, or (path, None)."""
        for number, line in enumerate(self.text.splitlines()):
            if needle in line and number < len(self.lines):
                return self.lines[number]
        return self.path, None


def read(path: str) -> KeaConfig:
    lines: List[Tuple[str, int]] = []
    text = _expand(os.path.abspath(path), lines, ())
    stripped = strip_comments(text, lambda line: _at(lines, line, path))
    stripped, comma_lines = drop_trailing_commas(stripped)
    warnings = [f"{file}:{line}: extraneous comma, which Kea accepts with a warning (a piece of "
                "the configuration may have been omitted); remove it"
                for file, line in (_at(lines, n, path) for n in comma_lines)]
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError as error:
        where_file, where_line = _at(lines, error.lineno, path)
        raise ConfigError(f"{where_file}:{where_line}: invalid JSON: {error.msg}; fix the syntax there") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration must be a JSON object")
    return KeaConfig(path, data, lines, stripped, warnings)


def _at(lines: List[Tuple[str, int]], line: int, path: str) -> Tuple[str, int]:
    """(file, line) of line ``line`` (from 1) of the expanded text."""
    return lines[line - 1] if 0 < line <= len(lines) else (path, line)


def _expand(path: str, lines: List[Tuple[str, int]], seen: Tuple[str, ...]) -> str:
    if path in seen:
        raise ConfigError(f"{path}: included from itself")
    try:
        with open(path, encoding="utf-8") as source:
            content = source.read()
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    parts = []
    for number, line in enumerate(content.splitlines(), 1):
        match = INCLUDE.search(line)
        if not match:
            parts.append(line)
            lines.append((path, number))
            continue
        # Kea's lexer takes an include anywhere: what surrounds it on the line stays.
        included_path = os.path.abspath(os.path.join(os.path.dirname(path), match.group(1)))
        before = len(lines)
        included = _expand(included_path, lines, seen + (path,))
        if len(lines) == before:
            lines.append((path, number))
        parts.append(line[:match.start()] + included + line[match.end():])
    return "\n".join(parts)


# Kea's lexer reads ".5" as a number, JSON does not (Kea's examples write "t1-percent": .5).
LEADING_DOT = re.compile(r"(?<![\w.])(-?)\.(?=\d)")


def strip_comments(text: str, where=lambda line: ("", line)) -> str:
    """Blanks #, // and /* */ comments outside strings, keeping every newline; ``where`` maps a
    line of ``text`` to (file, line) for the error of a comment never closed."""
    out = []
    for start, end, is_string in _tokens(text):
        piece = text[start:end]
        if is_string or not piece or piece[0] not in "#/":
            out.append(piece if is_string else LEADING_DOT.sub(r"\g<1>0.", piece))
            continue
        if piece.startswith("/*") and not piece.endswith("*/") or piece == "/*/":
            file, line = where(text.count("\n", 0, start) + 1)
            raise ConfigError(f"{file}:{line}: the /* comment is never closed; add */ after it")
        out.append("".join(ch if ch == "\n" else " " for ch in piece))
    return "".join(out)


def _tokens(text: str):
    """(start, end, is_string) of the strings, comments and runs of other text."""
    i, n = 0, len(text)
    plain = i
    while i < n:
        c = text[i]
        if c == '"':
            end = _string_end(text, i)
        elif c == "#" or text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
        else:
            i += 1
            continue
        yield plain, i, False
        yield i, end, c == '"'
        i = plain = end
    yield plain, n, False


def _string_end(text: str, start: int) -> int:
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == '"' or text[i] == "\n":
            return i + 1
        else:
            i += 1
    return len(text)


TRAILING_COMMA = re.compile(r",(\s*)(?=[}\]])")


def drop_trailing_commas(text: str) -> Tuple[str, List[int]]:
    """The text (comments already blanked) with each comma that follows a value and comes
    before } or ] blanked (Kea's grammar warns of those and rejects the others), and the line
    (from 1) of each."""
    out, comma_lines = [], []
    for start, end, is_string in _tokens(text):
        piece = text[start:end]
        if is_string:
            out.append(piece)
            continue

        def blank(match) -> str:
            before = text[:start + match.start()].rstrip()
            if not before or before[-1] in ",:[{":
                return match.group(0)
            comma_lines.append(text.count("\n", 0, start + match.start()) + 1)
            return " " + match.group(1)
        out.append(TRAILING_COMMA.sub(blank, piece))
    return "".join(out), comma_lines
