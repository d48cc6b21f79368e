"""Kea's option definitions: what an option's bytes mean, so options can be read and written as
typed values.

Kea looks a definition up, for a packet, among its standard (or vendor) definitions, then the
server's own ``option-def`` entries, then its last-resort ones; ``OptionDefinition.find`` does
the same. Values are written as Kea's configuration writes them in ``option-data``, and Kea
parses them (``OptionDefinition::optionFactory``), so Kea validates every value.

Types of the values read back:

========================================  =============================================
Kea field type                            Python value
========================================  =============================================
ipv4-address, ipv6-address                ``ipaddress.IPv4Address`` / ``IPv6Address``
int8 ... int32, uint8 ... uint32          ``int``
boolean                                   ``bool``
string, tuple, fqdn                       ``str`` (an fqdn keeps Kea's trailing dot)
binary                                    ``bytes``
ipv6-prefix                               ``ipaddress.IPv6Network``
psid                                      ``str`` ``"psid/length"`` as Kea writes it
========================================  =============================================

An option's ``value`` has the shape of its definition: one value, a ``list`` for an array, a
``tuple`` for a record, ``None`` for an empty option.
"""

from __future__ import annotations

import enum
import ipaddress
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Sequence, Tuple, Union, cast

from ._bindings import bytes_result, check, encode, ffi, lib, scratch, text_result
from .errors import InvalidArgumentError

if TYPE_CHECKING:
    from .option import Option

V4 = lib.PYKEA_UNIVERSE_V4
V6 = lib.PYKEA_UNIVERSE_V6

# Kea's standard spaces of each universe (std_option_defs.h, docsis3_option_defs.h).
V4_SPACES = frozenset({"dhcp4", "dhcp-agent-options-space", "vendor-encapsulated-options-space",
                       "last-resort-v4", "cablelabs-client-conf", "docsis3-v4"})
V6_SPACES = frozenset({"dhcp6", "4o6", "s46-cont-mape-options", "s46-cont-mapt-options",
                       "s46-cont-lw-options", "s46-rule-options", "s46-v4v6bind-options",
                       "v6-ntp-server-suboptions", "docsis3-v6"})

# How create() wraps the pykea_option handle Kea's factory made, with the option's space:
# pykea.option's Option, which imports this module (so this module cannot import it).
_wrap_option: Optional[Callable[[Any, str], Option]] = None


def set_option_factory(wrap: Callable[[Any, str], Option]) -> None:
    """Sets how OptionDefinition.create wraps a new option handle (``wrap(pointer, space)``)."""
    global _wrap_option
    _wrap_option = wrap


_INTEGER_TYPES = frozenset({"int8", "int16", "int32", "uint8", "uint16", "uint32"})
_ADDRESS_TYPES = frozenset({"ipv4-address", "ipv6-address", "any-address"})


def top_space(universe: int) -> str:
    """The space of a packet's own options: dhcp4 or dhcp6."""
    return "dhcp6" if universe == V6 else "dhcp4"


def space_universe(space: str, universe: Optional[int] = None) -> int:
    """The universe of ``space``: ``universe`` when given, else the one of Kea's standard space."""
    if universe is not None:
        if universe not in (V4, V6):
            raise InvalidArgumentError(f"universe must be 4 or 6, not {universe!r}")
        return universe
    if space in V6_SPACES:
        return V6
    if space in V4_SPACES:
        return V4
    raise InvalidArgumentError(f"option space {space!r} is not one of Kea's standard DHCPv4 or "
                               "DHCPv6 spaces: pass universe=4 or universe=6")


class OptionDefinition:
    """One of Kea's option definitions: name, code, space, field types.

    ``OptionDefinition.find("domain-name-servers")`` (or a code) gives Kea's own;
    ``OptionDefinition(name, code, type, space=..., ...)`` makes one for options Kea does not
    define, as ``option-def`` would, without registering it with Kea.
    """

    __slots__ = ("_ptr", "universe")

    def __init__(self, name: str, code: int, type: str, space: str = "dhcp4", array: bool = False,
                 fields: Sequence[str] = (), encapsulate: str = "",
                 universe: Optional[int] = None) -> None:
        out = ffi.new("pykea_option_def **")
        record = encode("\n".join(fields)) if fields else ffi.NULL
        check(lib.pykea_option_def_new(encode(name), code, encode(space), encode(type),
                                       bool(array), record, encode(encapsulate), out))
        self._ptr = ffi.gc(out[0], lib.pykea_option_def_free)
        self.universe: int = space_universe(space, universe)    #: 4 or 6

    @classmethod
    def find(cls, key: Union[int, str], space: Optional[str] = None,
             universe: Optional[int] = None) -> "OptionDefinition":
        """Kea's definition of option ``key`` (a code or a name) in ``space`` (by default dhcp4,
        or dhcp6 with ``universe=6``).

        NotFoundError when Kea has none. ``universe`` is needed for a space that is not one of
        Kea's standard ones, for example ``"vendor-4491"`` (DOCSIS) exists in both."""
        if space is None:
            space = top_space(universe or V4)
        universe = space_universe(space, universe)
        out = ffi.new("pykea_option_def **")
        if isinstance(key, str):
            check(lib.pykea_option_def_find(universe, encode(space), encode(key), 0, out))
        elif isinstance(key, int) and not isinstance(key, bool):
            check(lib.pykea_option_def_find(universe, encode(space), ffi.NULL, key, out))
        else:
            raise TypeError(f"an option is named by its code (int) or name (str), not {key!r}")
        found = object.__new__(cls)
        found._ptr = ffi.gc(out[0], lib.pykea_option_def_free)
        found.universe = universe
        return found

    # -- description ---------------------------------------------------------------------------
    def _text(self, field: int) -> str:
        return text_result(lib.pykea_option_def_text(self._ptr, field, scratch.text), scratch.text)

    @property
    def name(self) -> str:
        """The option's name ("domain-name-servers")."""
        return self._text(lib.PYKEA_OPTION_DEF_NAME)

    @property
    def space(self) -> str:
        """The option space the definition belongs to."""
        return self._text(lib.PYKEA_OPTION_DEF_SPACE)

    @property
    def type(self) -> str:
        """Kea's type name: ``"uint8"``, ``"ipv4-address"``, ``"record"``, ``"empty"``, ..."""
        return self._text(lib.PYKEA_OPTION_DEF_TYPE)

    @property
    def fields(self) -> Tuple[str, ...]:
        """The field types of a record; empty for other types."""
        text = self._text(lib.PYKEA_OPTION_DEF_RECORD_TYPES)
        return tuple(text.split("\n")) if text else ()

    @property
    def encapsulate(self) -> str:
        """The space of the option's sub-options, or ``""``."""
        return self._text(lib.PYKEA_OPTION_DEF_ENCAPSULATED_SPACE)

    def _code_and_array(self) -> Tuple[int, bool]:
        code, array = scratch.u16, scratch.int
        check(lib.pykea_option_def_code(self._ptr, code, array))
        return code[0], bool(array[0])

    @property
    def code(self) -> int:
        """The option's code."""
        return self._code_and_array()[0]

    @property
    def array(self) -> bool:
        """Whether the field (a record's last field) repeats."""
        return self._code_and_array()[1]

    # -- options -------------------------------------------------------------------------------
    def create(self, *values: Any) -> Option:
        """A new option with these field values (a list or tuple is spread into fields), parsed
        by Kea as the data of an ``option-data`` entry. Binary fields take bytes (or hex)."""
        texts = [ffi.new("char[]", encode(_to_text(value))) for value in _spread(values)]
        array = ffi.new("const char *[]", texts) if texts else ffi.NULL
        out = scratch.option
        check(lib.pykea_option_def_create(self._ptr, self.universe, array, len(texts), out))
        wrap = cast("Callable[[Any, str], Option]", _wrap_option)     # pykea.option sets it
        return wrap(out[0], self.space)

    def read(self, option: Option) -> List[Any]:
        """The option's fields, in order, as Python values (see the module's table)."""
        out = ffi.new("pykea_option_fields **")
        check(lib.pykea_option_def_parse(self._ptr, option._ptr, out))
        fields = ffi.gc(out[0], lib.pykea_option_fields_free)
        s = scratch
        check(lib.pykea_option_fields_count(fields, s.size))
        values = []
        for index in range(s.size[0]):
            data = bytes_result(lib.pykea_option_fields_get(fields, index, s.text, s.data, s.size),
                                s.data, s.size)
            values.append(_from_field(ffi.string(s.text[0]).decode(), data))
        return values

    def value(self, option: Option) -> Any:
        """The option's value shaped by this definition: one value, a list (array), a tuple
        (record) or None (empty)."""
        values = self.read(option)
        if self.type == "record":
            return tuple(values)
        if self.array:
            return values
        return values[0] if values else None

    def __repr__(self) -> str:
        fields = f"({', '.join(self.fields)})" if self.fields else ""
        array = " array" if self.array else ""
        return f"<OptionDefinition {self.space}/{self.name} {self.code} {self.type}{fields}{array}>"


def _spread(values: Sequence[Any]) -> List[Any]:
    spread: List[Any] = []
    for value in values:
        if isinstance(value, (list, tuple)):
            spread.extend(value)
        else:
            spread.append(value)
    return spread


def _to_text(value: Any) -> str:
    """A field value as Kea's option-data writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (str, int, ipaddress.IPv4Address, ipaddress.IPv6Address,
                          ipaddress.IPv4Network, ipaddress.IPv6Network)):
        return str(value)
    raise TypeError(f"an option field value is a str, int, bool, bytes or ipaddress object, "
                    f"not {type(value).__name__} ({value!r})")


def _from_field(kind: str, data: bytes) -> Any:
    if kind == "binary":
        return data
    text = data.decode("utf-8", "replace")
    if kind in _INTEGER_TYPES:
        return int(text)
    if kind in _ADDRESS_TYPES:
        return ipaddress.ip_address(text)
    if kind == "boolean":
        return text == "true"
    if kind == "ipv6-prefix":
        return ipaddress.IPv6Network(text, strict=False)
    return text


def _standard_codes(space: str, enum_name: str) -> Any:
    # Any: the members are known only when Kea is asked, so DHCP4Option.ROUTERS must type-check.
    text = text_result(lib.pykea_option_def_standard(encode(space), scratch.text), scratch.text)
    members: Dict[str, int] = {}
    for line in text.splitlines():
        code, name = line.split(" ", 1)
        member = name.upper().replace("-", "_")
        if member.isidentifier():
            members.setdefault(member, int(code))
    # mypy wants the functional API's name as a literal; here it is the caller's.
    codes = enum.IntEnum(enum_name, members, module=__name__)  # type: ignore[misc]
    codes.__doc__ = (f"The codes of Kea's standard {space} options, named after Kea's option "
                     f"names (domain-name-servers: DOMAIN_NAME_SERVERS), from this Kea release.")
    return codes


DHCP4Option = _standard_codes("dhcp4", "DHCP4Option")
DHCP6Option = _standard_codes("dhcp6", "DHCP6Option")
