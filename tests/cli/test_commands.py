"""Every pykea command, with the bad inputs an operator will give it."""

import json
import re
import os
import subprocess
import sys

import pytest

from pykea.trust import default_allowed_dirs

from testsupport import HOOKS, pykea, write_config


# ---- validate --------------------------------------------------------------------------------

def test_validate_accepts_comments_includes_and_a_good_module(tmp_path, hook):
    from pykea.tools import lab
    entry = {"library": "libdhcp_pykea.so", "parameters": {"module": hook("tracing_hook.py")}}
    entry = lab.for_installed_kea({"Dhcp4": {"hooks-libraries": [entry]}})["Dhcp4"]["hooks-libraries"][0]
    (tmp_path / "libs.json").write_text(json.dumps(entry))
    config = tmp_path / "kea.conf"
    config.write_text('# a comment\n{ "Dhcp4": {\n  // another\n  "interfaces-config": '
                      '{"interfaces": ["lo"]}, /* block\n comment */\n  "hooks-libraries": [\n'
                      '<?include "libs.json"?>\n  ]\n} }\n')
    done = pykea("validate", str(config))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok: " in done.stdout


def test_validate_misspelt_hook_names_the_line_and_the_fix(tmp_path, hook):
    config = write_config(tmp_path / "kea.conf", {"module": hook("misspelt_hook.py")})
    done = pykea("validate", config, check=1)
    lines = done.stdout.splitlines()
    assert any("misspelt_hook.py:4: pkt4_recieve is not a hook point; did you mean pkt4_receive?" in l
               for l in lines), done.stdout
    assert any("pkt4_send is a coroutine (async def), which pykea can run only at a hook point "
               "that honours PARK; Kea (KEA_HOOKS_VERSION" in l and "leases4_committed" in l
               for l in lines), done.stdout
    assert any("lease4_select must take one argument (the handle)" in l for l in lines)
    assert any("pkt6_receive is a kea-dhcp6 hook point, but this is kea-dhcp4" in l for l in lines)


def test_validate_accepts_an_async_callout_where_kea_parks(tmp_path, hook):
    config = write_config(tmp_path / "kea.conf", {"module": hook("async_committed.py")})
    done = pykea("validate", config)
    assert "coroutine" not in done.stdout, done.stdout
    assert "ok: " in done.stdout


@pytest.mark.parametrize("module, expected", [
    ("broken_syntax.py", "broken_syntax.py:1: SyntaxError"),
    ("raises_on_import.py", "ImportError: the database this hook needs is not configured"),
    ("hangs_on_import.py", "importing it did not finish"),
    ("no_such_hook.py", "no_such_hook.py: no such file"),
])
def test_validate_reports_modules_that_do_not_import(tmp_path, hook, module, expected):
    config = write_config(tmp_path / "kea.conf", {"module": hook(module)})
    done = pykea("validate", config, check=1)
    assert expected in done.stdout


def test_validate_missing_file_invalid_json_and_no_pykea(tmp_path):
    assert "no such file" in pykea("validate", str(tmp_path / "none.conf"), check=1).stdout
    bad = tmp_path / "bad.conf"
    bad.write_text('{\n "Dhcp4": {\n  "valid-lifetime": ,\n }\n}\n')
    assert f"{bad}:3: invalid JSON" in pykea("validate", str(bad), check=1).stdout
    plain = write_config(tmp_path / "plain.conf", None)
    assert "no hooks-libraries entry loads libdhcp_pykea.so" in pykea("validate", plain, check=1).stdout


def test_validate_wrong_parameter_types_and_library_place(tmp_path, hook):
    config = write_config(tmp_path / "kea.conf",
                          {"module": hook("basic_hook.py"), "on-error": "explode", "python-path": 5,
                           "virtualenv": "/nonexistent"},
                          library="/opt/elsewhere/libdhcp_pykea.so")
    out = pykea("validate", config, check=1).stdout
    assert '"on-error" is "explode"; use "drop" or "continue"' in out
    assert '"python-path" must be a list of directories' in out
    assert "pykea refused to load Python code: virtualenv /nonexistent: no such file or directory" in out
    assert "loads hook libraries only from" in out or "does not exist" in out


def test_validate_json_format_for_ci(tmp_path, hook):
    config = write_config(tmp_path / "kea.conf", {"module": hook("misspelt_hook.py")})
    result = json.loads(pykea("validate", "--format", "json", config, check=1).stdout)
    assert result["ok"] is False
    assert {"file", "line", "message", "fix"} <= set(result["problems"][0])


def test_validate_with_kea_shows_keas_verdict(tmp_path, hook):
    good = write_config(tmp_path / "good.conf", {"module": hook("tracing_hook.py")})
    done = pykea("validate", "--kea", good)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = write_config(tmp_path / "broken.conf", {"module": hook("basic_hook.py")},
                          prefix="")
    text = json.loads(open(broken).read())
    text["Dhcp4"]["valid-lifetime"] = "forever"
    open(broken, "w").write(json.dumps(text))
    assert "Kea rejects the configuration" in pykea("validate", "--kea", broken, check=1).stdout


def test_usage_errors_exit_2():
    assert pykea("validate").returncode == 2
    assert pykea("hooks", "--kea-version", "banana").returncode == 2


# ---- check ---------------------------------------------------------------------------------

def test_check_module_for_another_kea_version(hook):
    assert pykea("check", hook("offer_hook.py"), "--kea-version", "3.0", check=0).returncode == 0
    out = pykea("check", hook("offer_hook.py"), "--kea-version", "2.2", check=1).stdout
    assert "lease4_offer is not a hook point of this Kea (KEA_HOOKS_VERSION 20200)" in out


def test_check_for_dhcp6(hook):
    out = pykea("check", hook("basic_hook.py"), "--server", "6", check=1).stdout
    assert "pkt4_receive is a kea-dhcp4 hook point, but this is kea-dhcp6" in out


# ---- hooks ---------------------------------------------------------------------------------

def test_hooks_lists_arguments_per_kea_version():
    now = pykea("hooks", "--server", "4", "--kea-version", "3.0.4", check=0).stdout
    assert "lease4_select" in now and "offer_lft" in now and "ConstSubnet4Ptr" in now
    select = now[now.index("lease4_select"):]
    assert re.search(r"query4\s+Pkt4\s+in", select) and re.search(r"subnet4\s+Subnet4 \| None", select)
    assert re.search(r"lease4\s+Lease4 \| None", select), select[:600]
    old = json.loads(pykea("hooks", "--server", "4", "--kea-version", "2.2", "--format", "json",
                           check=0).stdout)
    assert "lease4_offer" not in old
    assert [a["name"] for a in old["lease4_select"]["arguments"]] == [
        "query4", "subnet4", "fake_allocation", "lease4"]
    assert old["lease4_select"]["arguments"][1]["type"] == "Subnet4 | None"     # Python's
    assert old["lease4_select"]["arguments"][1]["cxx_type"] == "Subnet4Ptr"     # Kea's
    assert "PARK" not in old["subnet4_select"]["statuses"]
    v6 = json.loads(pykea("hooks", "--server", "6", "--format", "json", check=0).stdout)
    assert "pkt6_receive" in v6 and "pkt4_receive" not in v6


# ---- new -----------------------------------------------------------------------------------

def test_new_writes_a_module_snippet_and_a_passing_test(tmp_path):
    pykea("new", "office_hook", "-d", str(tmp_path), check=0)
    assert sorted(os.listdir(tmp_path)) == ["office_hook.kea.conf", "office_hook.py",
                                            "test_office_hook.py"]
    assert pykea("check", str(tmp_path / "office_hook.py")).returncode == 0
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(tmp_path / "test_office_hook.py")], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
    assert "02:00:00:00:0b:" in (tmp_path / "office_hook.kea.conf").read_text()


def test_new_refuses_to_overwrite_and_bad_names(tmp_path):
    pykea("new", "dup", "-d", str(tmp_path), check=0)
    assert "exists" in pykea("new", "dup", "-d", str(tmp_path), check=1).stderr
    assert "not a Python module name" in pykea("new", "bad-name", check=2).stderr


# ---- run (errors; the real run is in test_lab.py) ------------------------------------------

def test_run_names_a_missing_interface(tmp_path, hook):
    config = write_config(tmp_path / "kea.conf", None, interfaces=("nosuchif0",))
    out = pykea("run", "-c", config, "--module", hook("basic_hook.py"), check=1).stderr
    assert "interface nosuchif0 does not exist here" in out


def test_run_needs_root(tmp_path, hook):
    config = write_config(tmp_path / "kea.conf", None)
    done = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                           sys.executable, "-m", "pykea.cli", "run", "-c", config,
                           "--module", hook("basic_hook.py")],
                          capture_output=True, text=True, timeout=60, cwd="/")
    assert done.returncode == 1, done.stderr
    assert "pykea run needs root" in done.stderr


def test_run_without_module_or_entry(tmp_path):
    config = write_config(tmp_path / "kea.conf", None)
    assert "has no pykea entry; give --module FILE" in pykea("run", "-c", config, check=1).stderr


def test_client_names_a_missing_interface():
    assert "interface nosuchif0 does not exist" in pykea("client", "-i", "nosuchif0", "dora",
                                                         check=1).stderr


def test_client_bad_option_syntax():
    done = pykea("client", "-i", "lo", "dora", "--option", "novalue")
    assert done.returncode == 2 and "NAME=VALUE" in done.stderr


def test_info_shows_the_allowed_code_directories(tmp_path):
    allowed = tmp_path / "hooks"
    allowed.mkdir()
    environment = dict(os.environ, PYKEA_ALLOWED_DIRS=str(allowed))
    out = pykea("info", check=0, env=environment).stdout
    line, = [line for line in out.splitlines() if line.startswith("allowed code directories")]
    expected = [os.path.realpath(d) for d in (*default_allowed_dirs(), str(allowed))]
    assert line.split()[-1].split(":") == expected


def test_validate_imports_a_kea_python_hook_with_compat_and_names_the_fix_without(tmp_path, hook):
    module = hook("kea_python/compat_hook.py")
    config = write_config(tmp_path / "kea.conf", {"module": module, "compat": "kea_python"})
    done = pykea("validate", config)
    assert done.returncode == 0, done.stdout + done.stderr
    config = write_config(tmp_path / "plain.conf", {"module": module})
    done = pykea("validate", config, check=1)
    assert "No module named 'kea'" in done.stdout
    assert 'add "compat": "kea_python"' in done.stdout, done.stdout
    config = write_config(tmp_path / "typo.conf", {"module": module, "compat": "kea-python"})
    done = pykea("validate", config, check=1)
    assert 'the only layer is "kea_python"' in done.stdout, done.stdout
