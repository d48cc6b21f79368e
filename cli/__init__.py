"""The pykea command."""

from __future__ import annotations

import os
import platform
import shutil
import sys

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pykea-hooks", prog_name="pykea")
def main() -> None:
    """Python hooks for the ISC Kea DHCP server."""


@main.command()
def info() -> None:
    """Show pykea, Kea and Python versions, library paths and the features of this Kea.

    \b
    Example:
      pykea info
    """
    import pykea
    from pykea import _build_info, features

    rows = [
        ("pykea", pykea.__version__),
        ("Kea (built against)", _build_info.KEA_VERSION),
        ("Kea hooks version", str(features.kea_hooks_version())),
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        ("libpython (default)", _build_info.LIBPYTHON),
        ("hooks directory", _build_info.HOOKS_DIR),
        ("hook library", _build_info.HOOK_LIBRARY
         + ("" if os.path.exists(_build_info.HOOK_LIBRARY) else "  (missing: run pykea install-hook)")),
        ("library loaded here", features.library_path()),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        click.echo(f"{name:<{width}}  {value}")
    click.echo("features:")
    for feature in features.available().values():
        mark = "yes" if feature.available else f"no ({feature.reason})"
        click.echo(f"  {feature.name:<{width - 2}}  {mark}")


@main.command("install-hook")
def install_hook() -> None:
    """Copy the hook library into Kea's hooks directory (where Kea 2.6.3+ requires it).

    \b
    Example:
      sudo pykea install-hook
    """
    from pykea import _build_info

    source = os.path.join(os.path.dirname(_build_info.__file__), "_lib", "libdhcp_pykea.so")
    target = _build_info.HOOK_LIBRARY
    try:
        shutil.copy2(source, target + ".new")
        os.replace(target + ".new", target)
    except OSError as error:
        raise click.ClickException(f"cannot write {target}: {error.strerror}; run as root") from None
    click.echo(f"installed {target}")
