"""Writes above each function of capi/include/pykea.h the statuses its implementation answers.

    python3 capi/statuses.py          rewrites the "// PYKEA_OK, ..." lines of pykea.h
    python3 capi/statuses.py --check  exits 1 when a line differs from the implementation

A status counts when the function, or a helper it calls (by name, in capi/src), fails with it:
fail(PYKEA_...), recordError(PYKEA_...), PYKEA_REQUIRE_ARG and requireNonNull (invalid
argument), checked() (invalid argument, detached), argument<T>() (not found, wrong type: Kea's
NoSuchArgument and bad_any_cast), the Kea 2.2 stubs PYKEA_UNAVAILABLE (unsupported). A helper
that catches ApiError keeps its callees' statuses. PYKEA_ERROR (Kea threw) is left out: every
call can answer it. The reading is textual, so it may list a status a call cannot reach.
"""

import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = os.path.join(ROOT, "capi", "include", "pykea.h")
STATUSES = ["PYKEA_OK", "PYKEA_NOT_FOUND", "PYKEA_WRONG_TYPE", "PYKEA_INVALID_ARGUMENT",
            "PYKEA_UNSUPPORTED", "PYKEA_DETACHED", "PYKEA_ERROR"]
KEYWORDS = {"if", "for", "while", "switch", "catch", "return", "sizeof", "guarded", "defined"}

def clean(text):
    text = re.sub(r'//[^\n]*', '', text)
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    text = re.sub(r'"(\\.|[^"\\])*"', '""', text)
    text = re.sub(r"'(\\.|[^'\\])'", "''", text)
    return text

bodies = {}    # name -> list of bodies
unavailable = set()
for path in sorted(glob.glob(os.path.join(ROOT, "capi", "src", "*.[ch]*"))):
    text = clean(open(path).read())
    for m in re.finditer(r'PYKEA_UNAVAILABLE\(\s*\w+\s*,\s*(\w+)', text):
        unavailable.add(m.group(1))
    for m in re.finditer(r'\b(\w+)\s*\(([^;{}()]|\([^;{}()]*\))*\)\s*(const\s*)?(noexcept\s*)?(override\s*)?\{', text):
        name = m.group(1)
        if name in KEYWORDS:
            continue
        start = m.end() - 1
        depth = 0
        for i in range(start, len(text)):
            if text[i] == '{':
                depth += 1
            elif text[i] == '}':
                depth -= 1
                if depth == 0:
                    break
        bodies.setdefault(name, []).append(text[start:i + 1])

direct = {}
calls = {}
for name, blist in bodies.items():
    body = "\n".join(blist)
    direct[name] = set(re.findall(r'\b(PYKEA_(?:NOT_FOUND|WRONG_TYPE|INVALID_ARGUMENT|UNSUPPORTED|DETACHED|ERROR))\b', body))
    if "PYKEA_REQUIRE_ARG(" in body:
        direct[name].add("PYKEA_INVALID_ARGUMENT")
    # A body that catches ApiError keeps its callees' statuses to itself (dropIfParked).
    swallows = re.search(r'catch\s*\(\s*const\s+ApiError', body) is not None
    calls[name] = set() if swallows else {c for c in re.findall(r'\b(\w+)\s*(?:<[^<>;(){}]*>)?\s*\(', body) if c in bodies and c != name}
# Kea's getArgument: NoSuchArgument and bad_any_cast (guarded()).
direct["argument"] = direct.get("argument", set()) | {"PYKEA_NOT_FOUND", "PYKEA_WRONG_TYPE"}
for name in unavailable:
    direct.setdefault(name, set()).add("PYKEA_UNSUPPORTED")
    calls.setdefault(name, set())

def closure(name, seen=None):
    seen = seen if seen is not None else set()
    if name in seen:
        return set()
    seen.add(name)
    result = set(direct.get(name, set()))
    for c in calls.get(name, ()):
        result |= closure(c, seen)
    return result



def statuses(name):
    found = closure(name) - {"PYKEA_ERROR"}
    return ["PYKEA_OK"] + [status for status in STATUSES[1:] if status in found]


def annotated(text):
    lines = [line for line in text.split("\n") if not re.match(r"\s*// PYKEA_OK", line)]
    result = []
    for line in lines:
        match = re.match(r"(\s*)pykea_status (pykea_\w+)\(", line)
        if match:
            result.append(f"{match.group(1)}// {', '.join(statuses(match.group(2)))}")
        result.append(line)
    return "\n".join(result)


def main():
    text = open(HEADER).read()
    wanted = annotated(text)
    if "--check" in sys.argv[1:]:
        return 0 if wanted == text else 1
    with open(HEADER, "w") as out:
        out.write(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
