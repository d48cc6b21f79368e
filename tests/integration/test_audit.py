"""cb4_updated's audit entries: kea-dhcp4 polls a real PostgreSQL configuration backend that the
test changes with SQL, as a configuration tool would."""

import datetime
import re
import subprocess
import time

import pytest

from pykea.tools import lab

from testsupport import hook
from postgres import PostgresCluster

# A new global parameter, written the way Kea's own backend writes one: an audit revision first
# (the tables' triggers turn each change into an audit entry of that revision).
NEW_VALID_LIFETIME = """
BEGIN;
SELECT createAuditRevisionDHCP4(now(), 'all', 'pykea: valid-lifetime 1234', false);
INSERT INTO dhcp4_global_parameter (name, value, parameter_type) VALUES ('valid-lifetime', '1234', 0);
INSERT INTO dhcp4_global_parameter_server (parameter_id, server_id)
    VALUES (currval('dhcp4_global_parameter_id_seq'), (SELECT id FROM dhcp4_server WHERE tag = 'all'));
COMMIT;
"""


def config_backend_library():
    """Kea 3.0 has its PostgreSQL backends in libdhcp_pgsql; before, the configuration
    backend is libdhcp_pgsql_cb."""
    return {"library": "libdhcp_pgsql.so" if lab.kea_release() >= (3, 0, 0) else "libdhcp_pgsql_cb.so"}


def boost_releases():
    """(the Boost release pykea was compiled with, the one Kea was), e.g. ("1_92", "1_90").
    Kea 3.0's ``kea-dhcp4 -W`` says "Boost: 1_90", Kea 2.x's "Boost: BOOST_VERSION: 1.83"."""
    with open("/usr/include/boost/version.hpp") as header:
        ours = re.search(r'define BOOST_LIB_VERSION "(\S+)"', header.read()).group(1)
    build = subprocess.run(["kea-dhcp4", "-W"], capture_output=True, text=True).stdout
    major, minor = re.search(r"Boost:\s*(?:BOOST_VERSION:\s*)?(\d+)[._](\d+)", build).groups()
    return ours, f"{major}_{minor}"


def test_cb4_updated_gets_the_audit_entries_of_a_configuration_change(network, start_kea):
    with PostgresCluster() as postgres:
        database = postgres.create_database("kea_cb", "kea_cb_user", "kea-secret")
        kea = start_kea({"module": hook("audit_hook.py")}, extra_libraries=[config_backend_library()],
                        **{"config-control": {"config-databases": [database],
                                              "config-fetch-wait-time": 1}})
        assert kea.command("audit-test-seen")["arguments"] == []
        before = datetime.datetime.now()
        postgres.psql(NEW_VALID_LIFETIME, database["name"], database["user"], database["password"])
        ours, keas = boost_releases()
        if ours != keas:
            wait_for(lambda: "WrongTypeError" in kea.log())
            assert (f"audit_entries is not the AuditEntryCollectionPtr of this build's Boost ({ours})"
                    in kea.log())
            pytest.skip(f"pykea was compiled with Boost {ours}'s headers and Kea with Boost {keas}'s: "
                        "Kea's AuditEntryCollection (a Boost multi_index type) is another C++ type "
                        "then, so audit_entries cannot be read (the callout got the error above)")
        seen = wait_for(lambda: kea.command("audit-test-seen")["arguments"])
        config = kea.command("config-get")["arguments"]["Dhcp4"]
    entry, = seen
    assert entry["object_type"] == "dhcp4_global_parameter"
    assert entry["modification_type"] == "create"
    assert entry["log_message"] == "pykea: valid-lifetime 1234"
    assert entry["object_id"] >= 1 and entry["revision_id"] >= 1
    modified = datetime.datetime.fromisoformat(entry["modification_time"])
    assert abs(modified - before) < datetime.timedelta(minutes=1), (modified, before)
    # Kea applied the change it announced.
    assert config["valid-lifetime"] == 1234


def wait_for(condition, timeout=120.0):
    """``condition()``'s first true value, or its last one after ``timeout`` seconds (a deadline
    for a busy machine: Kea polls the database every second)."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.5)
