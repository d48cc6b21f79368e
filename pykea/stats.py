"""Kea's statistics (StatsMgr): the observations the ``statistic-get`` and ``statistic-get-all``
control commands report, Kea's own ("pkt4-received", "subnet[1].assigned-addresses", ...) and
a hook's::

    from pykea import stats

    def leases4_committed(handle):
        stats.add("pykea.committed-leases", len(handle["leases4"]))

A statistic keeps the type of its first value: an int (64 bits), a float or a str. ``add``
adds to an int or float and appends to a str.
"""

from __future__ import annotations

import datetime
import json
from typing import Any, Dict, Union

from ._bindings import check, encode, ffi, lib, scratch, text_result

Value = Union[int, float, str]


def _call(ints, floats, strings, name: str, value: Value) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"statistic {name!r}: a value is an int, a float or a str, "
                        f"not {type(value).__name__}")
    if isinstance(value, int):
        if not -2**63 <= value < 2**63:
            raise ValueError(f"statistic {name!r}: {value} does not fit Kea's 64-bit integer")
        status = ints(encode(name), value)
    elif isinstance(value, float):
        status = floats(encode(name), value)
    else:
        status = strings(encode(name), encode(value))
    check(status)


def set(name: str, value: Value) -> None:
    """Sets statistic ``name`` to ``value``, creating it if needed."""
    _call(lib.pykea_stats_set_int, lib.pykea_stats_set_float, lib.pykea_stats_set_string,
          name, value)


def add(name: str, value: Value) -> None:
    """Adds ``value`` to statistic ``name`` (appends, for a str), creating it if needed."""
    _call(lib.pykea_stats_add_int, lib.pykea_stats_add_float, lib.pykea_stats_add_string,
          name, value)


def get(name: str, default: Any = None) -> Any:
    """The latest value of statistic ``name``: an int, float, str or (durations)
    datetime.timedelta; ``default`` when there is no such statistic."""
    s = scratch
    status = lib.pykea_stats_get(encode(name), s.int, s.i64, s.double, s.text)
    if status == lib.PYKEA_NOT_FOUND:
        return default
    check(status)
    kind = s.int[0]
    if kind == lib.PYKEA_STAT_INTEGER:
        return s.i64[0]
    if kind == lib.PYKEA_STAT_FLOAT:
        return s.double[0]
    if kind == lib.PYKEA_STAT_DURATION:
        return datetime.timedelta(seconds=s.double[0])
    text = ffi.string(s.text[0]).decode("utf-8", "replace")
    return int(text) if kind == lib.PYKEA_STAT_BIG_INTEGER else text


def get_all() -> Dict[str, Any]:
    """Every statistic as Kea reports it: name -> list of [value, timestamp] samples, newest
    first (StatsMgr::getAll, what ``statistic-get-all`` answers)."""
    out = scratch.text
    return json.loads(text_result(lib.pykea_stats_get_all(out), out))


def delete(name: str) -> bool:
    """Removes statistic ``name``; False when there was none."""
    out = scratch.int
    check(lib.pykea_stats_delete(encode(name), out))
    return bool(out[0])
