"""The pykea command: validate, check, run, hooks, new, client, info, install-hook,
uninstall-hook.

Shell completion (click): add to ~/.bashrc
    eval "$(_PYKEA_COMPLETE=bash_source pykea)"
(zsh: zsh_source, fish: fish_source).
"""

from __future__ import annotations

import click

from . import commands  # noqa: F401  (registers the commands on main)
from .base import main

__all__ = ["main"]
