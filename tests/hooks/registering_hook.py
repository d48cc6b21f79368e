"""Registers callouts through the LibraryHandle instead of by function name."""

from pykea import InvalidArgumentError, NextStep

calls = []
errors = []


def drop_everything(handle):
    calls.append("drop_everything")
    handle.status = NextStep.DROP


def count(handle):
    calls.append("count")


def load(handle):
    handle.register_callout("pkt4_receive", drop_everything)
    handle.register_callout("pkt4_receive", count)
    assert handle.deregister_callout("pkt4_receive", drop_everything)
    assert not handle.deregister_callout("pkt4_receive", drop_everything)
    try:
        handle.register_callout("pkt4_recieve", count)
    except InvalidArgumentError as error:
        errors.append(str(error))
