"""Reading a Kea configuration file as Kea does: JSON with #, // and /* */ comments and
<?include "file"?> lines, keeping track of which file and line each part came from."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
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
    stripped = strip_comments(text)
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError as error:
        where_file, where_line = lines[error.lineno - 1] if error.lineno - 1 < len(lines) else (path, error.lineno)
        raise ConfigError(f"{where_file}:{where_line}: invalid JSON: {error.msg}; fix the syntax there") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration must be a JSON object")
    return KeaConfig(path, data, lines, stripped)


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
        if match:
            included = os.path.join(os.path.dirname(path), match.group(1))
            parts.append(_expand(os.path.abspath(included), lines, seen + (path,)))
        else:
            parts.append(line)
            lines.append((path, number))
    return "\n".join(parts)


def strip_comments(text: str) -> str:
    """Blanks #, // and /* */ comments outside strings, keeping every newline."""
    out = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
        elif c == '"':
            in_string = True
            out.append(c)
            i += 1
        elif c == "#" or text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:end]))
            i = end
        else:
            out.append(c)
            i += 1
    return "".join(out)
