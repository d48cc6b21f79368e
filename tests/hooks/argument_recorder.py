"""For the version and hook-walk tests: a callout at every hook point of this Kea (for the server
named by the hook parameter "server", 4 by default) reads every argument Kea passes there and
records what reading it from Python gives: its type and repr, or the exception. A later call
that reads an argument replaces an earlier error. The records go as JSON to the file named by
the hook parameter "record", rewritten whenever something new is seen."""

import json
import threading

from pykea import features, hooks

records = {}
lock = threading.Lock()
path = None


def load(handle):
    global path
    path = handle.parameters["record"]
    server = handle.parameters.get("server", 4)
    for name in hooks.hook_points(server, features.kea_hooks_version()):
        handle.register_callout(name, recorder(name))


def read_arguments(handle):
    seen = {}
    for name in handle.argument_names():
        try:
            value = handle[name]
            seen[name] = {"type": type(value).__name__, "repr": repr(value)[:300]}
        except Exception as error:
            seen[name] = {"error": f"{type(error).__name__}: {error}"}
    return seen


def recorder(hook):
    def callout(handle):
        seen = read_arguments(handle)
        with lock:
            known = records.setdefault(hook, {})
            changed = not known
            for name, result in seen.items():
                if name not in known or ("error" in known[name] and "error" not in result):
                    known[name] = result
                    changed = True
            if changed:
                with open(path, "w") as out:
                    json.dump(records, out, indent=1)
    return callout
