"""The exceptions pykea raises, one per status code of the C API."""

from __future__ import annotations


class PykeaError(Exception):
    """Base class of every error pykea raises."""


class KeaError(PykeaError):
    """Kea raised an error while carrying out the call."""


class NotFoundError(PykeaError, LookupError):
    """No such argument, option, context or object."""


class WrongTypeError(PykeaError, TypeError):
    """The argument exists with another type at this hook point."""


class InvalidArgumentError(PykeaError, ValueError):
    """A value the call cannot accept."""


class UnsupportedError(PykeaError, NotImplementedError):
    """This Kea version, or this pykea, does not offer it."""


class DetachedError(PykeaError):
    """The object was released when the pykea hook library unloaded."""


class CalloutError(PykeaError):
    """A callout raised or returned something other than None or an int."""


class UntrustedCodeError(InvalidArgumentError):
    """Python code pykea was asked to load lies outside the allowed directories, or someone other
    than root or Kea's service user could have written it (pykea.trust)."""
