"""Sphinx configuration of pykea's API reference (docs/api).

The pages are made by autodoc from the docstrings of the installed pykea, which needs its
library built against Kea: build inside a Kea root (``make docs``), where ``import pykea``
works. tests/unit/test_api_reference.py builds it with warnings as errors (``-W -n``).

Two checks of our own turn into warnings, so into errors:

- a public class, function, method or property that autodoc would leave out because it has
  no docstring (autodoc-skip-member);
- a cross-reference that nothing resolves (nitpicky), except those into the standard library,
  which has no inventory here: intersphinx would need the network while the docs build.
"""

from __future__ import annotations

import enum
import inspect

from sphinx.util import logging

import pykea

project = "pykea"
author = "pykea's authors"
release = version = pykea.__version__

extensions = ["sphinx.ext.autodoc"]

# Every item shows its Python type: parameters and return values in the signature, properties
# and attributes with their own type line.
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
autodoc_member_order = "bysource"
autoclass_content = "both"
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_preserve_defaults = True
add_module_names = False
# The contents list the pages and their modules, not every object.
toc_object_entries = False
python_use_unqualified_type_names = True

nitpicky = True
# The standard library's classes in pykea's signatures and bases (ipaddress.IPv4Address,
# enum.IntEnum, logging.Handler, subprocess.Popen, ...): documented by Python, whose inventory
# (intersphinx) the build cannot fetch without the network. typing's names need no entry.
nitpick_ignore_regex = [
    ("py:class", r"(ipaddress|enum|logging|subprocess|datetime)\.\w+"),
]

html_theme = "alabaster"
html_title = f"pykea {release} API reference"
html_static_path: list = []

logger = logging.getLogger("pykea.docs")


def _is_documentable(obj: object) -> bool:
    """Classes, functions, methods and properties: what must say what it does."""
    return (inspect.isclass(obj) or inspect.isroutine(obj)
            or isinstance(obj, (property, classmethod, staticmethod)))


def _defined_in(obj: object, module: str) -> bool:
    target = obj.fget if isinstance(obj, property) else obj
    target = getattr(target, "__func__", target)
    return getattr(target, "__module__", module) == module


def skip_member(app, what, name, obj, skip, options):
    """Keeps enum members (their names and values are the documentation); warns about a public
    class, function, method or property that is left out for want of a docstring."""
    if name.startswith("_"):
        return None
    if what == "class" and isinstance(obj, enum.Enum):
        return False
    if skip and _is_documentable(obj) and not inspect.getdoc(obj):
        module = app.env.temp_data.get("autodoc:module") or app.env.ref_context.get("py:module")
        if what != "module" or module is None or _defined_in(obj, module):
            owner = app.env.temp_data.get("autodoc:class") if what == "class" else None
            where = ".".join(filter(None, (module, owner, name)))
            logger.warning("public %s has no docstring, so autodoc leaves it out", where,
                           type="pykea", subtype="undocumented")
    return None


def drop_generated_docstrings(app, what, name, obj, options, lines):
    """Leaves out the docstring Python generates for a NamedTuple's constructor ("Create new
    instance of Pool(first, last, ...)"), which autoclass_content = "both" would add."""
    if what == "class" and lines and lines[-1].startswith("Create new instance of "):
        del lines[-1]
        while lines and not lines[-1].strip():
            del lines[-1]


def _made_by_pykea(cls: type) -> bool:
    """Whether instances of ``cls`` are made by pykea (from a handle of the C API or another
    private object), not by hook modules: its constructor takes a ``pointer`` or an argument
    of a private type."""
    try:
        parameters = inspect.signature(cls.__init__).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(parameter.name == "pointer"
               or (parameter.annotation is not parameter.empty
                   and str(parameter.annotation).rsplit(".", 1)[-1].startswith("_"))
               for parameter in parameters)


def hide_private_signatures(app, what, name, obj, options, signature, return_annotation):
    """A class that hook modules never construct, and an enum (its members are listed), is shown
    without its constructor's signature."""
    if signature and what in ("class", "exception") and inspect.isclass(obj) \
            and (issubclass(obj, enum.Enum) or _made_by_pykea(obj)):
        return "", None
    return None


def _private(cls: type) -> bool:
    return any(part.startswith("_") for part in f"{cls.__module__}.{cls.__qualname__}".split("."))


def public_bases(app, name, obj, options, bases):
    """Shows a private base class (pykea._lending.Lendable) as its own public bases."""
    public: list = []
    for base in bases:
        for found in ([base] if not inspect.isclass(base) or not _private(base)
                      else [b for b in base.__mro__[1:] if not _private(b)][:1]):
            if found not in public:
                public.append(found)
    bases[:] = public


def resolve_short_names(app, env, node, contnode):
    """Resolves an annotation naming a pykea class by its bare name (an import under
    TYPE_CHECKING, which autodoc cannot evaluate: "Option" in pykea.optiondef) when exactly one
    documented pykea object has that name."""
    if node.get("refdomain") != "py" or node.get("reftype") not in ("class", "obj", "exc"):
        return None
    target = node.get("reftarget", "")
    if "." in target:
        return None
    domain = env.get_domain("py")
    matches = [(name, entry) for name, entry in domain.objects.items()
               if name.startswith("pykea.") and name.rsplit(".", 1)[-1] == target
               and entry.objtype in ("class", "exception")]
    if len(matches) != 1:
        return None
    name, entry = matches[0]
    return domain.resolve_xref(env, node.get("refdoc"), app.builder, "class", name, node, contnode)


def setup(app):
    app.connect("autodoc-skip-member", skip_member)
    app.connect("autodoc-process-signature", hide_private_signatures)
    app.connect("autodoc-process-docstring", drop_generated_docstrings)
    app.connect("autodoc-process-bases", public_bases)
    app.connect("missing-reference", resolve_short_names)
