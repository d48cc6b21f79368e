"""Kea's rule for hook code, applied to Python (docs/security.md), tried as an attacker with the
control socket would: every attack goes through Kea's real control socket to a kea-dhcp4 that
serves with a pykea hook, and must be refused with a one-line message in Kea's log, run none of
the attacker's code, and leave Kea serving with the configuration it had."""

import copy
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from pykea.tools import lab

from testsupport import hook, reconfigure_after_refusal

PYTHON_VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"
BUILT_LIBPYTHON = __import__("pykea._build_info", fromlist=["LIBPYTHON"]).LIBPYTHON


@pytest.fixture
def attacker_dir():
    """A directory of the attacker's in /tmp: outside every allowed directory."""
    path = tempfile.mkdtemp(prefix="pykea-attack-", dir="/tmp")
    os.chmod(path, 0o1777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def marker(attacker_dir):
    """The file the attacker's code writes if it ever runs."""
    return os.path.join(attacker_dir, "ran")


@pytest.fixture
def kea(network, start_kea):
    """kea-dhcp4 serving with counting_hook, answering "counting-stats"."""
    return start_kea({"module": hook("counting_hook.py")})


def evil_python(path, marker):
    with open(path, "w") as out:
        out.write(f"open({marker!r}, 'w').write('attacker code ran')\n")
    return path


def with_parameters(kea, parameters):
    config = copy.deepcopy(kea.config)
    config["Dhcp4"]["hooks-libraries"][0]["parameters"] = parameters
    return lab.for_installed_kea(config)


def assert_serving(kea, mac, command="config-set"):
    """Kea serves DORA with the pykea hook it had (on Kea 2.2 once it is given its
    configuration again after a refused config-set or config-reload)."""
    assert kea.alive()
    reconfigure_after_refusal(kea, command)
    served, = lab.run_client(kea.network, "dora", "--mac", mac)
    assert served["ack"] is not None and served["ack"]["yiaddr"].startswith("192.0.2.")
    stats = kea.command("counting-stats")      # the old hook still answers its command
    assert stats["result"] == 0, stats
    assert stats["arguments"]["seen"] >= 1, stats


def assert_refused(kea, response, marker, *expected, command="config-set"):
    """The command failed, nothing of the attacker's ran, the refusal is in Kea's log as one line
    naming what was wrong, and Kea still serves DORA with the pykea hook it had."""
    assert response["result"] != 0, response
    assert not os.path.exists(marker), "the attacker's code ran inside Kea"
    log = kea.log()
    refusals = [line for line in log.splitlines() if "PYKEA_CODE_REFUSED" in line]
    assert refusals, log[-3000:]
    for text in expected:
        assert text in refusals[-1], refusals[-1]
    assert_serving(kea, "02:00:00:00:0a:01", command)


def config_set(kea, parameters):
    return kea.command("config-set", with_parameters(kea, parameters))


def test_module_outside_the_allowed_directories_is_refused(kea, attacker_dir, marker):
    evil = evil_python(os.path.join(attacker_dir, "evil.py"), marker)
    response = config_set(kea, {"module": evil})
    assert_refused(kea, response, marker, f"module {evil} is outside the directories pykea loads",
                   "PYKEA_ALLOWED_DIRS")


def test_module_by_name_from_an_attacker_python_path_is_refused(kea, attacker_dir, marker):
    evil_python(os.path.join(attacker_dir, "evil.py"), marker)
    response = config_set(kea, {"module": "evil", "python-path": [attacker_dir]})
    assert_refused(kea, response, marker, f"python-path entry {attacker_dir} is outside")


def test_virtualenv_with_a_pth_file_is_refused(kea, attacker_dir, marker):
    venv = os.path.join(attacker_dir, "venv")
    site = os.path.join(venv, "lib", f"python{PYTHON_VERSION}", "site-packages")
    os.makedirs(site)
    with open(os.path.join(site, "evil.pth"), "w") as out:
        out.write(f"import os; open({marker!r}, 'w').write('pth ran')\n")
    response = config_set(kea, {"module": hook("counting_hook.py"), "virtualenv": venv})
    assert_refused(kea, response, marker, f"virtualenv {venv} is outside")


def test_libpython_path_from_the_configuration_is_never_opened(kea, attacker_dir, marker):
    source = os.path.join(attacker_dir, "evil.c")
    with open(source, "w") as out:
        out.write("#include <stdio.h>\n__attribute__((constructor)) static void run(void) {\n"
                  f"  FILE* f = fopen(\"{marker}\", \"w\"); if (f) {{ fputs(\"ran\", f); fclose(f); }}\n}}\n")
    library = os.path.join(attacker_dir, "evil.so")
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", library, source], check=True)
    response = config_set(kea, {"module": hook("counting_hook.py"), "libpython": library})
    assert response["result"] != 0, response
    assert not os.path.exists(marker), "Kea dlopen()ed the attacker's library"
    assert_refused(kea, response, marker, f"hook parameter 'libpython' is '{library}': pykea "
                   f"embeds only the libpython it was built with ({BUILT_LIBPYTHON})")


def test_libpython_as_built_or_as_a_bare_soname_is_accepted(kea):
    soname = os.path.basename(BUILT_LIBPYTHON)
    for value in (BUILT_LIBPYTHON, soname):
        response = config_set(kea, {"module": hook("counting_hook.py"), "libpython": value})
        assert response["result"] == 0, (value, response)
    missing = "libpython3.99.so.1.0"
    response = config_set(kea, {"module": hook("counting_hook.py"), "libpython": missing})
    # Python already runs in Kea: a soname is only opened before it does, so this is accepted too.
    assert response["result"] == 0, response


def test_world_writable_module_in_an_allowed_directory_is_refused(kea, tmp_path, marker):
    evil = evil_python(str(tmp_path / "evil.py"), marker)
    os.chmod(evil, 0o666)
    response = config_set(kea, {"module": evil})
    assert_refused(kea, response, marker, f"{evil} (mode 0666) is writable by anyone",
                   f"chmod o-w {evil}")


def test_module_in_a_world_writable_sticky_directory_is_refused(kea, tmp_path, marker):
    drop = tmp_path / "drop"
    drop.mkdir()
    os.chmod(drop, 0o1777)
    evil = evil_python(str(drop / "evil.py"), marker)
    response = config_set(kea, {"module": evil})
    assert_refused(kea, response, marker, f"{drop} (mode 1777) is writable by anyone")


def test_module_owned_by_another_user_is_refused(kea, tmp_path, marker):
    evil = evil_python(str(tmp_path / "evil.py"), marker)
    os.chown(evil, 65534, 65534)
    response = config_set(kea, {"module": evil})
    assert_refused(kea, response, marker, f"{evil} is owned by", "not by root or Kea's service user")


def test_config_reload_of_a_file_naming_untrusted_code_is_refused(kea, attacker_dir, marker):
    evil = evil_python(os.path.join(attacker_dir, "evil.py"), marker)
    good = copy.deepcopy(kea.config)
    try:
        kea.write_config(with_parameters(kea, {"module": evil}))
        response = kea.command("config-reload")
    finally:
        kea.write_config(good)
    assert_refused(kea, response, marker, f"module {evil} is outside", command="config-reload")


def test_config_test_of_untrusted_code_fails_and_runs_nothing(kea, attacker_dir, marker):
    evil = evil_python(os.path.join(attacker_dir, "evil.py"), marker)
    response = kea.command("config-test", with_parameters(kea, {"module": evil}))
    assert_refused(kea, response, marker, f"module {evil} is outside the directories pykea loads",
                   command="config-test")
    assert "libdhcp_pykea.so" in response["text"]     # Kea names the library it refused


def test_kea_refuses_a_hook_library_of_its_own_choosing_the_same_way(kea, attacker_dir):
    """The reference: Kea's own refusal of a hook library when it validates a configuration
    (2.6.3 and later: one outside its hooks directory; before: one it cannot open), which
    pykea's refusals match."""
    library = os.path.join(attacker_dir, "libdhcp_evil.so")
    if lab.kea_release() >= (2, 6, 3):
        shutil.copy(os.path.join(lab.kea_hooks_dir(), "libdhcp_pykea.so"), library)
    config = copy.deepcopy(kea.config)
    config["Dhcp4"]["hooks-libraries"].append({"library": library})
    response = kea.command("config-set", lab.for_installed_kea(config))
    assert response["result"] != 0, response
    assert "invalid path specified" in response["text"] or "failed to validate" in response["text"]
    assert_serving(kea, "02:00:00:00:0a:04")


def test_an_allowed_trusted_module_is_accepted_by_config_set(kea, tmp_path):
    good = tmp_path / "good_hook.py"
    good.write_text("def pkt4_receive(handle):\n    pass\n")
    response = config_set(kea, {"module": str(good)})
    assert response["result"] == 0, response
    assert "loaded good_hook" in kea.log()
