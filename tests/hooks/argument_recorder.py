"""For the version tests: a callout at every hook point of this Kea records the arguments Kea
passes there and what reading each one from Python gives (its type, or the exception), and
writes them as JSON to the file named by the hook parameter "record"."""

import json
import threading

from pykea import features, hooks

records = {}
lock = threading.Lock()
path = None


def load(handle):
    global path
    path = handle.parameters["record"]
    for name in hooks.hook_points(4, features.kea_hooks_version()):
        handle.register_callout(name, recorder(name))


def recorder(hook):
    def callout(handle):
        seen = {}
        for name in handle.argument_names():
            try:
                value = handle[name]
                seen[name] = {"type": type(value).__name__, "repr": repr(value)[:200]}
            except Exception as error:
                seen[name] = {"error": f"{type(error).__name__}: {error}"}
        with lock:
            if hook not in records:
                records[hook] = seen
                with open(path, "w") as out:
                    json.dump(records, out, indent=1)
    return callout
