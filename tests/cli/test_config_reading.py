"""pykea reads every configuration Kea reads, and says what Kea says of it: each file is also
given to kea-dhcp4/6 -t of the root the suite runs in."""

import glob
import gzip
import json
import os
import re
import shutil
import subprocess
import tempfile

import pytest

from pykea.cli import checks, keaconfig

from testsupport import HOOKS, pykea, write_config

STOCK = [f"/etc/kea/kea-dhcp{server}.conf" for server in (4, 6)]
# Kea's warning and error lines name "file:line.column".
KEA_WHERE = re.compile(r"(/[^\s:]+):(\d+)\.\d+")


def kea_test(path, cwd=None):
    """(exit status, output) of kea-dhcp4/6 -t on ``path``, chosen by its top-level key."""
    server = 6 if '"Dhcp6"' in open(path).read() else 4
    done = subprocess.run([checks.kea_binary(server), "-t", path], capture_output=True, text=True,
                          timeout=120, cwd=cwd or os.path.dirname(path))
    return done.returncode, done.stdout + done.stderr


def kea_comma_warnings(output):
    return {(file, int(line)) for text in output.splitlines() if "omma" in text
            for file, line in KEA_WHERE.findall(text)}


def pykea_comma_warnings(config):
    found = set()
    for warning in config.warnings:
        file, line, _ = warning.split(":", 2)
        found.add((file, int(line)))
    return found


def shipped_examples(directory):
    """Kea's example configurations under /usr/share/doc/kea*, decompressed into ``directory``."""
    found = []
    for path in sorted(glob.glob("/usr/share/doc/kea*/**/*.json*", recursive=True)):
        if path.endswith(".gz"):
            target = os.path.join(directory, os.path.basename(path)[:-3])
            with gzip.open(path, "rb") as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)
            found.append(target)
        elif path.endswith(".json"):
            found.append(path)
    return found


@pytest.mark.parametrize("path", STOCK)
def test_the_stock_configuration_reads_with_kea_s_warnings(path):
    if not os.path.exists(path):
        pytest.skip(f"{path} is not installed in this root")
    config = keaconfig.read(path)
    status, output = kea_test(path)
    assert status == 0, output
    assert config.server == (6 if "dhcp6" in path else 4)
    assert pykea_comma_warnings(config) == kea_comma_warnings(output), output
    assert config.warnings      # Debian's stock files end their logger with a comma


def test_the_examples_kea_ships_read_as_kea_reads_them(tmp_path):
    examples = shipped_examples(str(tmp_path))
    assert examples, "no example configuration under /usr/share/doc/kea*: the roots install kea-doc"
    compared = 0
    for path in examples:
        config = keaconfig.read(path)
        if "Dhcp4" in config.data or "Dhcp6" in config.data:
            status, output = kea_test(path)
            if status == 0:
                assert pykea_comma_warnings(config) == kea_comma_warnings(output), path
                compared += 1
    assert compared >= 5, f"only {compared} of {len(examples)} examples accepted by kea -t"


EVERY_SYNTAX = '''# a hash comment
// a slash comment
{ "Dhcp4": { /* inside a line */ "interfaces-config": {"interfaces": ["lo"],},
  /* over
     several lines, with a , and a } */
  "lease-database": {"type": "memfile", "persist": false}, # after a value
  "calculate-tee-times": true, "t1-percent": .5, "t2-percent": .875,  # Kea's numbers
  "user-context": {"text": "# not a comment, // nor /* this */ ]", "list": [1, 2, ],},
  "subnet4": [ <?include "SUBNETS"?> ],
  "loggers": [{"name": "kea-dhcp4", "severity": "INFO",
               "output-options": [{"output": "stdout", "pattern": "%m\\n",
               // only a comment after the comma
               }]}]
} }
'''


def test_comments_trailing_commas_and_includes_read_as_kea_reads_them(tmp_path):
    subnets = tmp_path / "subnets.json"
    subnets.write_text('{"id": 1, "subnet": "192.0.2.0/24",\n  // last\n}\n')
    config_path = tmp_path / "kea.conf"
    config_path.write_text(EVERY_SYNTAX.replace("SUBNETS", str(subnets)))
    from pykea.tools.installed import for_installed_kea
    config = keaconfig.read(str(config_path))
    # Kea 2.2 spells output-options output_options: rewrite the file in its spelling.
    if for_installed_kea(config.data) != config.data:
        config_path.write_text(EVERY_SYNTAX.replace("SUBNETS", str(subnets))
                               .replace("output-options", "output_options"))
        config = keaconfig.read(str(config_path))
    status, output = kea_test(str(config_path))
    assert status == 0, output
    assert config.data["Dhcp4"]["user-context"] == {
        "text": "# not a comment, // nor /* this */ ]", "list": [1, 2]}
    assert config.data["Dhcp4"]["subnet4"] == [{"id": 1, "subnet": "192.0.2.0/24"}]
    assert (config.data["Dhcp4"]["t1-percent"], config.data["Dhcp4"]["t2-percent"]) == (0.5, 0.875)
    warned = pykea_comma_warnings(config)
    assert (str(subnets), 2) not in warned and (str(subnets), 1) in warned
    assert warned == kea_comma_warnings(output), output


def test_a_json_error_names_the_file_and_line_kea_names(tmp_path):
    included = tmp_path / "subnets.json"
    included.write_text('{"id": 1,\n "subnet": "192.0.2.0/24"\n "pools": []}\n')
    config_path = tmp_path / "kea.conf"
    config_path.write_text('{ "Dhcp4": {\n  // a comment, then the include\n'
                           f'  "subnet4": [\n<?include "{included}"?>\n  ]\n}} }}\n')
    with pytest.raises(keaconfig.ConfigError) as error:
        keaconfig.read(str(config_path))
    status, output = kea_test(str(config_path))
    assert status != 0
    kea_file, kea_line = KEA_WHERE.findall(output)[0]
    assert str(error.value).startswith(f"{kea_file}:{kea_line}: invalid JSON"), (error.value, output)
    assert (kea_file, kea_line) == (str(included), "3")


def test_an_unclosed_block_comment_is_one_line_naming_it(tmp_path):
    config_path = tmp_path / "kea.conf"
    config_path.write_text('{ "Dhcp4": {\n /* never closed\n } }\n')
    with pytest.raises(keaconfig.ConfigError, match=r"kea.conf:2: the /\* comment is never closed"):
        keaconfig.read(str(config_path))
    assert kea_test(str(config_path))[0] != 0


def test_validate_prints_kea_s_warning_for_the_stock_trailing_comma(tmp_path, hook):
    config = write_config(tmp_path / "kea.conf", {"module": hook("tracing_hook.py")})
    # Debian's logger: a trailing comma followed only by comments.
    text = open(config).read().replace('"interfaces-config"', '"user-context": {"a": 1,\n'
                                       '  // nothing more\n  },\n  "interfaces-config"')
    open(config, "w").write(text)
    done = pykea("validate", config)
    assert done.returncode == 0, done.stdout + done.stderr
    line = next(n for n, l in enumerate(text.splitlines(), 1) if '"user-context": {"a": 1,' in l)
    assert f"warning: {config}:{line}: extraneous comma" in done.stderr


# ---- relative paths --------------------------------------------------------------------------

def test_check_and_validate_take_paths_relative_to_the_caller(tmp_path, hook):
    done = pykea("check", "tracing_hook.py", cwd=HOOKS)
    assert done.returncode == 0, done.stdout + done.stderr
    write_config(tmp_path / "kea.conf", {"module": hook("tracing_hook.py")})
    done = pykea("validate", "kea.conf", "--kea", cwd=str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr


# ---- new -------------------------------------------------------------------------------------

def test_new_names_the_library_as_the_installed_kea_loads_it(tmp_path):
    pykea("new", "office_hook", "-d", str(tmp_path), check=0)
    text = (tmp_path / "office_hook.kea.conf").read_text()
    entry = json.loads("{" + "\n".join(l for l in text.splitlines() if not l.startswith("//")) + "}")
    library = entry["hooks-libraries"][0]["library"]
    version = tuple(int(p) for p in re.findall(r"\d+", checks.installed_kea(4)["version"])[:3])
    if version < (2, 6, 3):
        assert library == os.path.join(checks.installed_kea(4)["hooks_dir"], "libdhcp_pykea.so")
    else:
        assert library == "libdhcp_pykea.so"
    # Kea -t opens the hook libraries: the entry as written must load (with a module from the
    # allowed directories, which pykea's library checks in kea -t too).
    config = tmp_path / "kea.conf"
    body = {"Dhcp4": {"interfaces-config": {"interfaces": ["lo"]},
                      "lease-database": {"type": "memfile", "persist": False},
                      "hooks-libraries": [{"library": library, "parameters": {
                          "module": os.path.join(HOOKS, "tracing_hook.py")}}]}}
    config.write_text(json.dumps(body))
    status, output = kea_test(str(config))
    assert status == 0, output


# ---- the service user ------------------------------------------------------------------------

@pytest.fixture
def private_directory():
    """A directory of mode 0700 owned by root, outside pytest's (itself 0700) tmp_path."""
    directory = tempfile.mkdtemp(prefix="pykea-private-", dir="/var/tmp")
    os.chmod(directory, 0o700)
    yield directory
    shutil.rmtree(directory)


def service_can_read(user, path):
    return subprocess.run(["runuser", "-u", user, "--", "test", "-r", path]).returncode == 0


def test_validate_refuses_a_module_the_service_user_cannot_read(tmp_path, hook, private_directory):
    user = checks.service_user(4)
    if user.uid == 0 or os.geteuid() != 0:
        pytest.skip("needs root and a service user other than root")
    module = os.path.join(private_directory, "myhook.py")
    shutil.copy(hook("tracing_hook.py"), module)
    config = write_config(tmp_path / "kea.conf", {"module": module})
    assert not service_can_read(user.name, module)
    done = pykea("validate", "--no-import", config, check=1)
    expected = (f"{module}: user {user.name} (Kea's service user) cannot read this module "
                f"({private_directory} is mode 0700, owner root); move it under ")
    line, = [l for l in done.stdout.splitlines() if "cannot read" in l]
    assert expected in line and line.endswith(f" or run chmod o+x {private_directory}"), done.stdout
    os.chmod(private_directory, 0o711)
    assert service_can_read(user.name, module)
    assert "cannot read" not in pykea("validate", "--no-import", config).stdout


def test_validate_refuses_a_python_path_the_service_user_cannot_list(tmp_path, hook,
                                                                       private_directory):
    user = checks.service_user(4)
    if user.uid == 0 or os.geteuid() != 0:
        pytest.skip("needs root and a service user other than root")
    config = write_config(tmp_path / "kea.conf", {"module": hook("tracing_hook.py"),
                                                  "python-path": [private_directory]})
    done = pykea("validate", "--no-import", config, check=1)
    assert (f"{private_directory}: user {user.name} (Kea's service user) cannot read this "
            f"python-path entry ({private_directory} is mode 0700, owner root)") in done.stdout


def test_the_service_user_is_the_one_the_package_runs_kea_as():
    unit = next((p for p in (f"{d}/kea-dhcp4-server.service" for d in checks.SYSTEMD_UNITS)
                 if os.path.exists(p)), None)
    if unit is None:
        pytest.skip("no kea-dhcp4-server systemd unit in this root")
    users = re.findall(r"^User=(\S+)", open(unit).read(), re.M)
    if not users:
        pytest.skip(f"{unit} runs Kea as root")
    assert checks.service_user(4).name == users[0]
