"""The pykea commands."""

from __future__ import annotations

import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from typing import Any, Dict, List, Optional

import click

from pykea import hooks as hook_table
from pykea.errors import UntrustedCodeError

from . import checks, keaconfig, templates
from .probe import is_file_target
from .base import built_hooks_version, fail, kea_hooks_version_of, main, report
from .hookfile import HookFile, HookFileError


# ---- info, install-hook, uninstall-hook ------------------------------------------------------

@main.command()
def info() -> None:
    """Show pykea, Kea and Python versions, library paths and this Kea's features.

    \b
    Example:
      pykea info
    """
    import pykea
    from pykea import _build_info, features
    from pykea.trust import CodePolicy

    rows = [
        ("pykea", pykea.__version__),
        ("Kea (built against)", _build_info.KEA_VERSION),
        ("Kea hooks version", str(features.kea_hooks_version())),
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        ("libpython (default)", _build_info.LIBPYTHON),
        ("hooks directory", _build_info.HOOKS_DIR),
        ("hook library", _build_info.HOOK_LIBRARY + _hook_state()),
        ("library loaded here", features.library_path()),
        ("allowed code directories", CodePolicy.for_process().describe()),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        click.echo(f"{name:<{width}}  {value}")
    click.echo("features:")
    for feature in features.available().values():
        mark = click.style("yes", fg="green") if feature.available else \
            click.style("no", fg="yellow") + f" ({feature.reason})"
        click.echo(f"  {feature.name:<{width - 2}}  {mark}")


def _restore_hook() -> str:
    from pykea import _build_info
    package = getattr(_build_info, "PACKAGE", None)
    return f"apt-get install --reinstall {package}" if package else "run pykea install-hook"


def _hook_state() -> str:
    state = HookFile.for_this_pykea().state()
    return "" if state == "installed" else f"  ({state}: {_restore_hook()})"


@main.command("install-hook")
def install_hook() -> None:
    """Copy the hook library into Kea's hooks directory (Kea 2.6.3+ loads it only from there).

    pip leaves the library in the package (pykea/_lib); this places it where Kea loads it and
    records what it placed in /var/lib/pykea/hook-libraries.json, so that
    pykea uninstall-hook can remove it again. Run it again after upgrading pykea.

    \b
    Example:
      sudo /opt/pykea/bin/pykea install-hook
    """
    try:
        click.echo(HookFile.for_this_pykea().install())
    except HookFileError as error:
        fail(str(error))


@main.command("uninstall-hook")
@click.option("--force", is_flag=True, help="remove the library even if it changed since")
def uninstall_hook(force: bool) -> None:
    """Remove the hook library pykea install-hook placed in Kea's hooks directory.

    Run it before pip uninstall: pip does not know the copy in Kea's hooks directory.

    \b
    Example:
      sudo /opt/pykea/bin/pykea uninstall-hook && /opt/pykea/bin/pip uninstall pykea-hooks
    """
    try:
        click.echo(HookFile.for_this_pykea().uninstall(force=force))
    except HookFileError as error:
        fail(str(error))


# ---- validate, check -------------------------------------------------------------------------

FORMAT = click.option("--format", "output_format", type=click.Choice(["text", "json"]),
                      default="text", show_default=True, help="json for CI")
NO_IMPORT = click.option(
    "--no-import", is_flag=True,
    help="do not import the module: read its source only (syntax, hook point names, arity, "
         "async def); none of its code runs")

# Said in the help of both commands (click rewraps it).
RUNS_THE_MODULE = """Without --no-import the module is imported to check it, so its top-level code RUNS: as
the user running this command, in a child process, with this environment (not Kea's). Code
that Kea would refuse (below) is never imported; its source is only read."""

POLICY = """Python code is checked as Kea's pykea hook checks it before loading it: the module, each
python-path entry and the virtualenv must lie under an allowed directory (the build's default,
normally /etc/kea/pykea, and $PYKEA_ALLOWED_DIRS: set it here as Kea's environment has it), owned
by root or Kea's user _kea and writable by no one else."""


@main.command(help=f"""Check a Kea configuration's pykea entry and its hook module.

Reads CONFIG as Kea does (comments and <?include?> allowed), finds the pykea entry in
hooks-libraries and checks the library, the parameters and the module: that it imports, and
that its functions are hook points of this server and Kea version, each taking one argument.

{RUNS_THE_MODULE}

{POLICY}

Exit status: 0 clean, 1 problems, 2 usage.

\b
Examples:
  pykea validate /etc/kea/kea-dhcp4.conf
  pykea validate --no-import /etc/kea/kea-dhcp4.conf
  pykea validate --kea --format json kea-dhcp4.conf
""")
@click.argument("config", type=click.Path(dir_okay=False))
@click.option("--kea", "with_kea", is_flag=True, help="also run kea-dhcp4/6 -t and show its verdict")
@NO_IMPORT
@FORMAT
def validate(config: str, with_kea: bool, no_import: bool, output_format: str) -> None:
    config = os.path.abspath(config)     # the child processes run in /
    try:
        parsed = keaconfig.read(config)
        server = parsed.server
    except keaconfig.ConfigError as error:
        report([checks.Problem(*_split_where(str(error)))], output_format, "")
    _warn(parsed.warnings)
    entries = parsed.pykea_entries()
    if not entries:
        report([checks.Problem(config, None, f"no hooks-libraries entry loads {keaconfig.PYKEA_LIBRARY}",
                               f'add {{"library": "{keaconfig.PYKEA_LIBRARY}", "parameters": '
                               '{"module": "/path/to/hook.py"}}')], output_format, "")
    version = built_hooks_version()
    policy = checks.code_policy()
    user = checks.service_user(server)
    problems: List[checks.Problem] = []
    for _, entry in entries:
        parameters = entry.get("parameters") or {}
        problems += checks.check_library(parsed, entry, version)
        problems += checks.check_parameters(parsed, parameters)
        refused = checks.check_code_paths(parsed, parameters, policy)
        problems += refused
        module = parameters.get("module")
        problems += checks.check_service_access(
            user, module if isinstance(module, str) else None, checks.python_path_of(parameters))
        if isinstance(module, str):
            virtualenv = parameters.get("virtualenv")
            # Kea stops at a refused python-path entry or virtualenv: nothing is imported then.
            problems += checks.check_module(
                module, server, version, checks.python_path_of(parameters),
                virtualenv=virtualenv if isinstance(virtualenv, str) else None, policy=policy,
                execute=not (no_import or refused), where=parsed.where('"module"'),
                compat=parameters.get("compat") if isinstance(parameters.get("compat"), str) else None)
    if with_kea:
        problems += checks.run_kea_test(config, server)
    checked = "read, not imported" if no_import else "imported"
    report(problems, output_format,
           f"{config}: pykea entry, library and module ({checked}) look right")


def _warn(warnings: List[str]) -> None:
    for warning in warnings:
        click.echo(click.style("warning: ", fg="yellow", bold=True) + warning, err=True)


def _split_where(text: str):
    where, _, message = text.partition(": ")
    file, _, line = where.partition(":")
    return file, int(line) if line.isdigit() else None, message, "fix the configuration file"


@main.command(help=f"""Check a hook module without a configuration: it imports, and its functions
are hook points of this server and Kea version, each taking one argument.

MODULE is a file (/etc/kea/pykea/hook.py) or a dotted name found on the --python-path
directories and this Python's sys.path.

{RUNS_THE_MODULE}

{POLICY}

\b
Examples:
  pykea check /etc/kea/pykea/hook.py
  pykea check --no-import ./hook.py
  pykea check mypackage.hook --python-path /etc/kea/pykea/lib --server 6 --kea-version 2.6
""")
@click.argument("module")
@click.option("--server", type=click.Choice(["4", "6"]), default="4", show_default=True)
@click.option("--kea-version", help="check against this Kea (e.g. 2.6.3) instead of the built one")
@click.option("--python-path", "python_path", multiple=True, metavar="DIR",
              help="a 'python-path' entry, as in the hook's parameters (repeatable)")
@NO_IMPORT
@FORMAT
def check(module: str, server: str, kea_version: Optional[str], python_path, no_import: bool,
          output_format: str) -> None:
    # The child processes run in /: relative paths mean the caller's directory.
    if is_file_target(module):
        module = os.path.abspath(module)
    python_path = [os.path.abspath(entry) for entry in python_path]
    version = kea_hooks_version_of(kea_version) if kea_version else built_hooks_version()
    policy = checks.code_policy()
    problems: List[checks.Problem] = []
    for entry in python_path:
        try:
            policy.check_code_directory("python-path entry", entry)
        except UntrustedCodeError as error:
            problems.append(checks.refused(entry, None, str(error)))
    problems += checks.check_module(module, int(server), version, list(python_path), policy=policy,
                                    execute=not (no_import or problems))
    how = "read, not imported" if no_import else "imported"
    report(problems, output_format,
           f"{module}: fine for kea-dhcp{server} (KEA_HOOKS_VERSION {version}; {how})")


# ---- hooks ---------------------------------------------------------------------------------

@main.command("hooks")
@click.option("--server", type=click.Choice(["4", "6"]), default=None, help="only this server")
@click.option("--kea-version", help="e.g. 2.2, 2.6.3, 3.0 (default: the Kea pykea was built for)")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def hooks_command(server: Optional[str], kea_version: Optional[str], output_format: str) -> None:
    """List every hook point with its arguments (the Python type handle[name] returns, and Kea's
    C++ type), directions and honoured statuses.

    \b
    Examples:
      pykea hooks --server 4
      pykea hooks --kea-version 2.2 --format json
    """
    version = kea_hooks_version_of(kea_version) if kea_version else built_hooks_version()
    servers = [int(server)] if server else [4, 6]
    points: Dict[str, hook_table.HookPoint] = {}
    for number in servers:
        points.update(hook_table.hook_points(number, version))
    if output_format == "json":
        click.echo(json.dumps({name: {
            "server": p.server or "both",
            "arguments": [{"name": a.name, "type": a.python_type, "cxx_type": a.cxx_type,
                           "direction": a.direction} for a in p.arguments],
            "statuses": p.statuses, "note": p.note} for name, p in points.items()}, indent=2))
        return
    click.echo(f"hook points for KEA_HOOKS_VERSION {version}")
    for name, point in points.items():
        click.echo(click.style(name, bold=True) + f"  (kea-dhcp{point.server or '4/6'})")
        for argument in point.arguments:
            click.echo(f"    {argument.name:<20} {argument.python_type:<22} {argument.direction:<7}"
                       f" (Kea: {argument.cxx_type})")
        for status, meaning in point.statuses.items():
            click.echo(f"    {click.style(status, fg='cyan'):<20} {meaning}")
        if point.note:
            click.echo(f"    note: {point.note}")


# ---- new -----------------------------------------------------------------------------------

@main.command()
@click.argument("name")
@click.option("--directory", "-d", default=".", type=click.Path(file_okay=False),
              help="where to write the files")
def new(name: str, directory: str) -> None:
    """Write a hook module NAME.py with one documented callout, a kea.conf snippet and a
    pytest file that exercises the callout without a server.

    \b
    Example:
      pykea new office_hook && pytest test_office_hook.py
    """
    if not name.isidentifier():
        fail(f"{name!r} is not a Python module name; use letters, digits and _", 2)
    files = templates.render(name, os.path.abspath(directory), _library_entry())
    existing = [path for path in files if os.path.exists(path)]
    if existing:
        fail(f"{existing[0]} exists; choose another name or directory", 1)
    os.makedirs(directory, exist_ok=True)
    for path, content in files.items():
        with open(path, "w") as out:
            out.write(content)
        click.echo(f"wrote {path}")


def _library_entry() -> str:
    """How the hooks-libraries entry names pykea's library for the installed Kea: before 2.6.3
    Kea opens a bare name through the dynamic linker, which does not search its hooks
    directory; 2.6.3 and later load only from the hooks directory, a bare name is the way."""
    hooks_dir = checks.installed_kea(4)["hooks_dir"]
    if built_hooks_version() >= checks.KEA_2_6_3 or not hooks_dir:
        return keaconfig.PYKEA_LIBRARY
    return os.path.join(hooks_dir, keaconfig.PYKEA_LIBRARY)


# ---- run -----------------------------------------------------------------------------------

@main.command()
@click.option("-c", "--config", "config", required=True, type=click.Path(dir_okay=False),
              help="the Kea configuration file")
@click.option("--module", type=click.Path(dir_okay=False),
              help="the hook module (adds or replaces the pykea entry)")
def run(config: str, module: Optional[str]) -> None:
    """Run kea-dhcp4 or kea-dhcp6 (chosen from the configuration) in the foreground with the
    pykea entry, its log on the terminal. Ctrl-C, SIGTERM or SIGHUP stops it: Kea is sent
    SIGTERM and waited for, the configuration written for it is removed, and pykea run exits
    (0 after Ctrl-C; after SIGTERM or SIGHUP, by that signal). Kea is also sent SIGTERM if
    pykea run itself is killed.

    \b
    Example:
      sudo pykea run -c kea-dhcp4.conf --module my_hook.py
    """
    if os.geteuid() != 0:
        fail("pykea run needs root: Kea opens raw sockets and writes under /run/kea; use sudo")
    try:
        parsed = keaconfig.read(config)
        server = parsed.server
    except keaconfig.ConfigError as error:
        fail(str(error))
    _warn(parsed.warnings)
    binary = checks.kea_binary(server)
    if binary is None:
        fail(f"kea-dhcp{server} is not installed; install Kea (Debian: apt install kea-dhcp{server}-server)")
    section = parsed.section
    for iface in section.get("interfaces-config", {}).get("interfaces", []):
        name = iface.split("/")[0]
        if name != "*" and not os.path.exists(f"/sys/class/net/{name}"):
            fail(f"interface {name} does not exist here; change interfaces-config.interfaces "
                 f"(present: {', '.join(sorted(os.listdir('/sys/class/net')))})")
    if module:
        if not os.path.isfile(module):
            fail(f"{module}: no such file")
        _set_module(section, os.path.abspath(module))
    elif not parsed.pykea_entries():
        fail(f"{config} has no pykea entry; give --module FILE")
    section["loggers"] = [{"name": f"kea-dhcp{server}", "severity": "INFO",
                           "output-options": [{"output": "stdout", "flush": True}]}]
    os.makedirs("/run/kea", mode=0o750, exist_ok=True)
    from pykea.tools.installed import for_installed_kea
    data = for_installed_kea(parsed.data)
    supervisor = _Supervisor()      # from here on a signal stops Kea and removes the file
    path = None
    started = time.time()
    try:
        descriptor, path = tempfile.mkstemp(prefix="pykea-run-", suffix=".json")
        with os.fdopen(descriptor, "w") as out:
            json.dump(data, out, indent=2)
        _say(f"pykea: running {binary} -c {path} (Ctrl-C stops it)")
        code = supervisor.run([binary, "-c", path])
    finally:
        supervisor.restore()
        if path:
            os.unlink(path)
        _hand_over_state(started)
    if supervisor.received in (signal.SIGTERM, signal.SIGHUP):
        _die_by(supervisor.received)
    if code in (0, -signal.SIGTERM, -signal.SIGINT):
        sys.exit(0)
    sys.exit(128 - code if code < 0 else code)


# Where Kea, run by root here, leaves files its service (Debian: user _kea, these directories
# its systemd unit's StateDirectory, RuntimeDirectory and LogsDirectory) must go on using.
KEA_STATE_DIRS = ("/var/lib/kea", "/run/kea", "/run/lock/kea", "/var/log/kea")


def _hand_over_state(since: float) -> None:
    """Gives the files this run's Kea created or rewrote as root in Kea's state directories to
    Kea's service user, so that the service can open them next (a lease file, the DHCPv6 server
    DUID, lock files)."""
    user = checks.service_user()
    if user.uid == 0:
        return
    import pwd
    group = pwd.getpwnam(user.name).pw_gid
    for directory in KEA_STATE_DIRS:
        for root, _, files in os.walk(directory):
            for name in files:
                path = os.path.join(root, name)
                try:
                    status = os.lstat(path)
                    if status.st_uid == 0 and status.st_mtime >= since - 1:
                        os.lchown(path, user.uid, group)
                        _say(f"pykea: {path} now belongs to {user.name}, Kea's service user")
                except OSError:
                    pass


STOP_TIMEOUT = 60.0     # seconds Kea has to stop after SIGTERM before it is killed


class _Stop(Exception):
    """Raised by the signal handler to end the wait for Kea."""


class _Supervisor:
    """Runs Kea and stops it on SIGINT, SIGTERM and SIGHUP (each forwarded as SIGTERM). A signal
    ignored when pykea run started (nohup, a background job's SIGINT) stays ignored."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

    def __init__(self) -> None:
        self.received: Optional[int] = None
        self.waiting = False
        self.previous: Dict[int, Any] = {}
        for number in self.SIGNALS:
            if signal.getsignal(number) != signal.SIG_IGN:
                self.previous[number] = signal.signal(number, self._on_signal)

    def _on_signal(self, number: int, frame) -> None:
        if self.received is None:
            self.received = number
        if self.waiting:        # only out of process.wait(), never out of other code
            self.waiting = False
            raise _Stop()

    def run(self, command: List[str]) -> int:
        """Kea's exit status (negative: the signal that ended it)."""
        if self.received is not None:       # before Kea was started: it is not
            return -self.received
        process = subprocess.Popen(command, preexec_fn=_stop_with_parent())
        try:
            if self.received is None:
                self.waiting = True
                code = process.wait()
                self.waiting = False
                return code
        except _Stop:
            pass
        self.waiting = False
        name = signal.Signals(self.received).name
        process.send_signal(signal.SIGTERM)
        _say(f"pykea: {name}: stopping {os.path.basename(command[0])} (pid {process.pid})")
        try:
            return process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            _say(f"pykea: {os.path.basename(command[0])} did not stop in {STOP_TIMEOUT:.0f} s; "
                 "killing it")
            process.kill()
            return process.wait()

    def restore(self) -> None:
        self.waiting = False
        for number, handler in self.previous.items():
            signal.signal(number, handler)


def _stop_with_parent():
    """What Kea's process runs before exec: SIGTERM to it when pykea run dies, even by SIGKILL,
    so that no Kea is left running without it (Linux's PR_SET_PDEATHSIG; elsewhere None)."""
    try:
        import ctypes
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(1, int(signal.SIGTERM), 0, 0, 0)     # PR_SET_PDEATHSIG
        if os.getppid() != parent:                 # pykea run died before that took effect
            os._exit(1)
    return preexec


def _say(text: str) -> None:
    try:
        click.echo(text, err=True)
    except OSError:     # the terminal went away (SIGHUP): stopping matters more
        pass


def _die_by(number: int) -> None:
    """Ends this process by signal ``number`` as if it had not been caught, so that the parent
    (a shell, systemd) sees why it ended."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:
            pass
    signal.signal(number, signal.SIG_DFL)
    os.kill(os.getpid(), number)
    sys.exit(128 + number)


def _set_module(section: Dict[str, Any], module: str) -> None:
    libraries = section.setdefault("hooks-libraries", [])
    for entry in libraries:
        if os.path.basename(str(entry.get("library", ""))) == keaconfig.PYKEA_LIBRARY:
            entry.setdefault("parameters", {})["module"] = module
            return
    libraries.append({"library": keaconfig.PYKEA_LIBRARY, "parameters": {"module": module}})


# ---- client --------------------------------------------------------------------------------

@main.group()
@click.option("--iface", "-i", required=True, help="the interface to send on")
@click.option("--json", "as_json", is_flag=True, help="one JSON object per exchange")
@click.option("--timeout", type=float, default=30.0, show_default=True,
              help="seconds to wait for each reply (retransmitting meanwhile)")
@click.pass_context
def client(context: click.Context, iface: str, as_json: bool, timeout: float) -> None:
    """A DHCP client (scapy) to try hooks. DHCPv4: dora, request, release, decline, inform.
    DHCPv6: sarr, renew, release6 (add --pd for prefix delegation).

    \b
    Examples:
      sudo pykea client -i eth1 dora --mac 02:00:00:00:00:01 --count 10 --rate 5
      sudo pykea client -i eth1 dora --option hostname=printer --option 252=hex:6869
      sudo pykea client -i eth1 release --mac 02:00:00:00:00:01 --address 192.0.2.100 --server 192.0.2.1
      sudo pykea client -i eth1 sarr --count 5 --pd
    """
    if os.geteuid() != 0:
        fail("pykea client needs root to send raw packets; use sudo")
    if not os.path.exists(f"/sys/class/net/{iface}"):
        fail(f"interface {iface} does not exist here")
    context.obj = {"iface": iface, "timeout": timeout, "json": as_json, "clients": {}}

    def close() -> None:
        for opened in context.obj["clients"].values():
            opened.close()
    context.call_on_close(close)


def _client(state, version: int = 4):
    """The v4 or v6 client for this invocation, opened on first use."""
    from pykea.tools import client as clients
    if version not in state["clients"]:
        kind = clients.Client if version == 4 else clients.Client6
        try:
            state["clients"][version] = kind(state["iface"], state["timeout"])
        except ImportError as error:
            fail(str(error))
    return state["clients"][version]


MAC = click.option("--mac", default="02:00:00:00:00:01", show_default=True, help="client MAC")
OPTION = click.option("--option", "options", multiple=True,
                      help="extra option NAME=VALUE or CODE=hex:BYTES (repeatable)")


def _extra_options(options) -> List[Any]:
    extra = []
    for text in options:
        name, separator, value = text.partition("=")
        if not separator:
            raise click.BadParameter(f"{text!r}: write NAME=VALUE or CODE=hex:BYTES", param_hint="--option")
        key: Any = int(name) if name.isdigit() else name
        if value.startswith("hex:"):
            try:
                value = bytes.fromhex(value[4:])
            except ValueError:
                raise click.BadParameter(f"{text!r}: bad hex", param_hint="--option") from None
        extra.append((key, value))
    return extra


@client.command()
@MAC
@OPTION
@click.option("--count", default=1, show_default=True, help="exchanges, with consecutive MACs")
@click.option("--rate", type=float, default=0.0, help="exchanges per second (0: as fast as replies come)")
@click.option("--relay", default="0.0.0.0", help="act as a relay with this giaddr")
@click.pass_obj
def dora(state, mac: str, options, count: int, rate: float, relay: str) -> None:
    """DISCOVER, OFFER, REQUEST, ACK."""
    from pykea.tools.client import mac_plus
    extra = _extra_options(options)
    results = _exchanges(state, "DORA", count, rate,
                         lambda index: _client(state).dora(mac_plus(mac, index), extra, giaddr=relay))
    _print(state, results, ("offer", "ack"))


@client.command()
@MAC
@OPTION
@click.option("--address", required=True, help="the address to request")
@click.pass_obj
def request(state, mac: str, options, address: str) -> None:
    """REQUEST an address (INIT-REBOOT), expecting an ACK."""
    _print(state, [_client(state).request(mac, address, _extra_options(options))], ("ack",))


@client.command()
@MAC
@click.option("--address", required=True)
@click.option("--server", required=True, help="the server identifier")
@click.pass_obj
def release(state, mac: str, address: str, server: str) -> None:
    """RELEASE an address."""
    _print(state, [_client(state).release(mac, address, server)], ())


@client.command()
@MAC
@click.option("--address", required=True)
@click.option("--server", required=True, help="the server identifier")
@click.pass_obj
def decline(state, mac: str, address: str, server: str) -> None:
    """DECLINE an address."""
    _print(state, [_client(state).decline(mac, address, server)], ())


@client.command()
@MAC
@click.option("--address", required=True, help="the client's configured address (ciaddr)")
@click.pass_obj
def inform(state, mac: str, address: str) -> None:
    """INFORM: ask for configuration options for an address configured by other means."""
    _print(state, [_client(state).inform(mac, address)], ("ack",))


DUID_MAC = click.option("--mac", default="02:00:00:00:01:01", show_default=True,
                        help="MAC in the client's DUID-LL (consecutive for --count)")
PD = click.option("--pd", is_flag=True, help="ask for a delegated prefix (IA_PD) instead of an address")


def _exchanges(state, label: str, count: int, rate: float, exchange) -> List[Dict[str, Any]]:
    """Runs ``exchange(index)`` ``count`` times (at most ``rate`` per second when rate > 0), with
    a progress bar on a terminal."""
    results = []
    with click.progressbar(range(count), label=label, file=sys.stderr,
                           hidden=count == 1 or state["json"] or not sys.stderr.isatty()) as bar:
        for index in bar:
            started = time.monotonic()
            results.append(exchange(index))
            if rate > 0:
                time.sleep(max(0.0, 1.0 / rate - (time.monotonic() - started)))
    return results


def _v6(state, method: str, mac: str, count: int, pd: bool, steps, relay: Optional[str] = None) -> None:
    from pykea.tools.client import mac_plus
    client6 = _client(state, 6)
    client6.relay_link = relay
    results = _exchanges(state, method.upper(), count, 0.0,
                         lambda index: getattr(client6, method)(mac_plus(mac, index), pd))
    if state["json"]:
        for result in results:
            click.echo(json.dumps(result))
    else:
        for number, result in enumerate(results, 1):
            cells = [f"{number:>3}", f"duid-ll {result['duid_mac']}"]
            for step in steps:
                reply = result.get(step)
                if step in ("release", "decline"):
                    cells.append(f"{step}d" if reply and reply["acknowledged"] else
                                 click.style(f"no {step} reply", fg="red"))
                else:
                    cells.append(f"{step} {' '.join(reply['leases'])}" if reply else
                                 click.style(f"no {step}", fg="red"))
            click.echo("  ".join(cells))
        leases = [lease for r in results if r.get("reply") for lease in r["reply"]["leases"]]
        click.echo(f"leases: {', '.join(leases) if leases else 'none'}")
    sys.exit(1 if any(r.get("error") for r in results) else 0)


@client.command()
@DUID_MAC
@PD
@click.option("--count", default=1, show_default=True)
@click.option("--relay", metavar="LINK_ADDRESS",
              help="act as a relay agent: send RELAY-FORW messages with this link address")
@click.option("--fqdn", help="send this name in a Client FQDN option (39), for DNS updates")
@click.pass_obj
def sarr(state, mac: str, pd: bool, count: int, relay: Optional[str], fqdn: Optional[str]) -> None:
    """DHCPv6 SOLICIT, ADVERTISE, REQUEST, REPLY."""
    _client(state, 6).fqdn = fqdn
    _v6(state, "sarr", mac, count, pd, ("advertise", "reply"), relay)


@client.command()
@DUID_MAC
@PD
@click.pass_obj
def renew(state, mac: str, pd: bool) -> None:
    """DHCPv6: obtain a lease (SARR), then RENEW it."""
    _v6(state, "renew", mac, 1, pd, ("reply", "renew"))


@client.command()
@DUID_MAC
@PD
@click.pass_obj
def rebind(state, mac: str, pd: bool) -> None:
    """DHCPv6: obtain a lease (SARR), then REBIND it (to any server)."""
    _v6(state, "rebind", mac, 1, pd, ("reply", "rebind"))


@client.command("decline6")
@DUID_MAC
@click.pass_obj
def decline6(state, mac: str) -> None:
    """DHCPv6: obtain an address (SARR), then DECLINE it."""
    _v6(state, "decline", mac, 1, False, ("reply", "decline"))


@client.command()
@DUID_MAC
@click.option("--address", required=True, help="the address the client configured itself")
@click.option("--relay", "link", metavar="LINK_ADDRESS",
              help="link address of the relay hop the registration goes through (default: the "
                   "address, which Kea 3.0 takes as the client's own)")
@click.pass_obj
def register(state, mac: str, address: str, link: str) -> None:
    """DHCPv6 ADDR-REG-INFORM (RFC 9686, Kea 3.0+): register a self-configured address."""
    result = _client(state, 6).register_address(mac, address, link)
    if state["json"]:
        click.echo(json.dumps(result))
    else:
        click.echo(f"registered {address}" if result["registered"] else
                   click.style(f"{address}: no ADDR-REG-REPLY", fg="red"))
    sys.exit(1 if result.get("error") else 0)


@client.command("release6")
@DUID_MAC
@PD
@click.pass_obj
def release6(state, mac: str, pd: bool) -> None:
    """DHCPv6: obtain a lease (SARR), then RELEASE it."""
    _v6(state, "release", mac, 1, pd, ("reply", "release"))


def _print(state, results: List[Dict[str, Any]], steps) -> None:
    if state["json"]:
        for result in results:
            click.echo(json.dumps(result))
    else:
        for number, result in enumerate(results, 1):
            cells = [f"{number:>3}", result["mac"]]
            for step in steps:
                reply = result.get(step)
                cells.append(f"{step} {reply['yiaddr']}" if reply else click.style(f"no {step}", fg="red"))
            for key in ("released", "declined"):
                if key in result:
                    cells.append(f"{key} {result[key]}")
            if result.get("seconds") is not None:
                cells.append(f"{result['seconds'] * 1000:.1f} ms")
            last = next((result.get(s) for s in reversed(steps) if result.get(s)), None)
            if last:
                shown = {k: v for k, v in last["options"].items() if k not in ("message-type",)}
                cells.append(" ".join(f"{k}={v}" for k, v in shown.items()))
            click.echo("  ".join(cells))
    leases = [r["ack"]["yiaddr"] for r in results if r.get("ack")]
    if steps and not state["json"]:
        click.echo(f"leases: {', '.join(leases) if leases else 'none'}")
    failed = [r for r in results if steps and not r.get(steps[-1])]
    sys.exit(1 if failed else 0)
