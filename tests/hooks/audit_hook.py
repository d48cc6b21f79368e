"""Keeps the audit entries Kea passes to cb4_updated when the configuration backend changed,
and answers "audit-test-seen" with them."""

seen = []


def load(handle):
    handle.register_command("audit-test-seen", lambda arguments: seen)


def cb4_updated(handle):
    for entry in handle["audit_entries"]:
        seen.append(dict(entry, modification_time=entry["modification_time"].isoformat()))
