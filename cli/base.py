"""The click group and what the commands share."""

from __future__ import annotations

import json
import sys
from typing import List

import click

from .checks import Problem


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="pykea-hooks", prog_name="pykea")
def main() -> None:
    """Python hooks for the ISC Kea DHCP server.

    \b
    Shell completion: eval "$(_PYKEA_COMPLETE=bash_source pykea)"   (zsh_source, fish_source)
    """


def report(problems: List[Problem], output_format: str, clean_message: str) -> None:
    """Prints problems (text or JSON) and exits 1 if there are any, else 0."""
    if output_format == "json":
        click.echo(json.dumps({"ok": not problems, "problems": [p.as_dict() for p in problems]},
                              indent=2))
    elif problems:
        for problem in problems:
            click.echo(click.style("error: ", fg="red", bold=True) + str(problem))
        click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}")
    else:
        click.echo(click.style("ok: ", fg="green", bold=True) + clean_message)
    sys.exit(1 if problems else 0)


def fail(message: str, code: int = 1) -> None:
    """One-line error and exit."""
    click.echo(click.style("error: ", fg="red", bold=True) + message, err=True)
    sys.exit(code)


def kea_hooks_version_of(text: str) -> int:
    """KEA_HOOKS_VERSION for "3.0", "2.6.3", or the number itself."""
    if text.isdigit() and len(text) >= 5:
        return int(text)
    parts = text.split(".")
    try:
        numbers = [int(p) for p in parts] + [0] * (3 - len(parts))
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a Kea version such as 3.0 or 2.6.3") from None
    if len(parts) > 3:
        raise click.BadParameter(f"{text!r} is not a Kea version such as 3.0 or 2.6.3")
    return numbers[0] * 10000 + numbers[1] * 100 + numbers[2]


def built_hooks_version() -> int:
    from pykea import features
    return features.kea_hooks_version()
