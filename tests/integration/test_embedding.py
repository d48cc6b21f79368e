"""Embedding: the libpython and virtualenv parameters, and Kea's logging configuration applied to
Python's logging."""

import os
import subprocess
import sys

import pytest

from pykea.tools import lab

from testsupport import hook


@pytest.fixture
def virtualenv(tmp_path):
    """A virtualenv holding a module that only it has."""
    path = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = path / "lib" / version / "site-packages"
    (site / "venv_only_helper.py").write_text('GREETING = "from the virtualenv"\n')
    return str(path)


def test_virtualenv_parameter_and_debug_levels(network, start_kea, virtualenv):
    loggers = [{"name": "kea-dhcp4", "severity": "INFO",
                "output-options": [{"output": "stdout", "flush": True}]},
               {"name": "kea-dhcp4.pykea", "severity": "DEBUG", "debuglevel": 20,
                "output-options": [{"output": "stdout", "flush": True}]}]
    kea = start_kea({"module": hook("logging_hook.py"), "virtualenv": virtualenv}, loggers=loggers)
    log = kea.log()
    assert "logging_hook: info message from the virtualenv" in log
    assert "DEBUG [kea-dhcp4.pykea" in log and "debug-0 message" in log
    assert "debug-20 message" in log
    assert "debug-50 message" not in log            # below debuglevel 20
    assert "ERROR [kea-dhcp4.pykea" in log and 'KeyError: \'demo\'' in log


def test_module_missing_from_the_path_fails_the_load_clearly(network, start_kea):
    with pytest.raises(RuntimeError) as failure:
        start_kea({"module": hook("logging_hook.py")})
    assert "ModuleNotFoundError: No module named 'venv_only_helper'" in str(failure.value)


def test_a_libpython_soname_the_system_lacks_is_named(network, start_kea):
    with pytest.raises(RuntimeError) as failure:
        start_kea({"module": hook("counting_hook.py"), "libpython": "libpython3.99.so.1.0"})
    message = str(failure.value)
    assert "PYKEA_CODE_REFUSED" in message
    assert "cannot open libpython 'libpython3.99.so.1.0'" in message
    assert "remove the hook parameter 'libpython'" in message


def test_a_libpython_path_other_than_the_built_one_stops_kea_at_start_up(network, start_kea):
    with pytest.raises(RuntimeError) as failure:
        start_kea({"module": hook("counting_hook.py"), "libpython": "/nonexistent/libpython3.so"})
    message = str(failure.value)
    assert "hook parameter 'libpython' is '/nonexistent/libpython3.so': pykea embeds only" in message
    assert "exited with 1" in message
