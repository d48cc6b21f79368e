"""pykea's message catalogue (capi/src/pykea_messages.mes): every ID pykea logs is in it and
documented, every ID in it is logged somewhere, the committed compiled files are what Kea's
kea-msg-compiler makes of it, and Kea's logger refuses an ID that is not in it."""

import glob
import os
import re
import shutil
import subprocess

import pytest

from pykea import log
from pykea._bindings import encode, lib
from pykea.testing import KeaHooks

SOURCE = os.path.join(os.path.dirname(__file__), "..", "..")
CATALOGUE = os.path.join(SOURCE, "capi", "src", "pykea_messages.mes")


def catalogued():
    """ID -> (text, documentation) from the .mes file."""
    entries, current = {}, None
    for line in open(CATALOGUE):
        if line.startswith("% "):
            name, _, text = line[2:].rstrip("\n").partition(" ")
            current = entries[name] = [text, ""]
        elif current is not None and not line.startswith(("#", "$")):
            current[1] += line
    return entries


def logged_ids():
    used = set()
    for path in glob.glob(os.path.join(SOURCE, "pykea", "*.py")):
        used |= set(re.findall(r'_log\.message\("(PYKEA_[A-Z_]+)"\)', open(path).read()))
    for path in glob.glob(os.path.join(SOURCE, "capi", "src", "*.cc")):
        if not path.endswith("pykea_messages.cc"):
            used |= set(re.findall(r"LOG_[A-Z]+\(logger, (PYKEA_[A-Z_]+)\)", open(path).read()))
            used |= set(re.findall(r"loggedEntry\((PYKEA_[A-Z_]+)", open(path).read()))
    return used | {"PYKEA_PYTHON_LOG"}      # the default of pykea_log()


def test_every_logged_id_is_catalogued_and_documented_and_none_is_unused():
    entries = catalogued()
    used = logged_ids()
    assert used - set(entries) == set(), "logged but not in pykea_messages.mes"
    assert set(entries) - used == set(), "in pykea_messages.mes but never logged"
    for name, (text, documentation) in entries.items():
        assert text and len(documentation.split()) >= 8, f"{name} needs a text and a paragraph"


@pytest.mark.skipif(not shutil.which("kea-msg-compiler"),
                    reason="this Kea (Debian's 2.2) ships no kea-msg-compiler: the committed "
                           "files are checked where it is installed")
def test_committed_files_are_what_kea_msg_compiler_makes(tmp_path):
    # Run from the catalogue's directory, as its committed output was made ("File created from
    # pykea_messages.mes").
    subprocess.run(["kea-msg-compiler", "-d", str(tmp_path), "pykea_messages.mes"], check=True,
                   cwd=os.path.dirname(CATALOGUE))
    for name in ("pykea_messages.h", "pykea_messages.cc"):
        committed = open(os.path.join(SOURCE, "capi", "src", name)).read()
        assert (tmp_path / name).read_text() == committed, \
            f"capi/src/{name} is stale: run kea-msg-compiler capi/src/pykea_messages.mes there"


def test_kea_logs_catalogued_ids_and_refuses_others():
    KeaHooks(server=4)
    assert lib.pykea_log(lib.PYKEA_LOG_INFO, 0, b"PYKEA_HOOK_LOADED", b"pykea", b"x") == 0
    assert lib.pykea_log(lib.PYKEA_LOG_INFO, 0, b"PYKEA_NO_SUCH", b"pykea", b"x") == \
        lib.PYKEA_INVALID_ARGUMENT
    assert lib.pykea_log(lib.PYKEA_LOG_INFO, 0, b"DHCP4_STARTED", b"pykea", b"x") == \
        lib.PYKEA_INVALID_ARGUMENT          # Kea's own IDs are not pykea's to log
    assert log.message("PYKEA_COMMAND_FAILED") == {"kea_message": "PYKEA_COMMAND_FAILED"}
