"""cb-cmds: the remote-* commands of Kea's configuration backend, written in Python.

Servers, subnets, shared networks, option definitions, global options, options of subnets,
shared networks and pools, client classes and global parameters, for DHCPv4 and DHCPv6, stored
through Kea's own configuration backend manager (the database of the server's config-control)
and parsed by Kea's own parsers: nothing here knows the database schema. Commands and answers
follow Kea's manual (cb_cmds); what differs is listed in the README."""

from pykea import InvalidArgumentError, KeaError, cb

SUCCESS, ERROR, EMPTY = 0, 1, 3
Kind = cb.Kind


class Refused(Exception):
    """An answer other than success: its text and result code."""

    def __init__(self, text: str, result: int = ERROR) -> None:
        super().__init__(text)
        self.result = result


def answer(result: int, text: str, arguments=None) -> dict:
    response = {"result": result, "text": text}
    if arguments is not None:
        response["arguments"] = arguments
    return response


# ---- arguments ---------------------------------------------------------------------------

def require_map(arguments) -> dict:
    if not isinstance(arguments, dict):
        raise Refused("command arguments must be a map")
    return arguments


def one_of(arguments: dict, name: str) -> dict:
    """The single map of list ``name`` ("subnets": [{...}])."""
    entries = arguments.get(name)
    if not isinstance(entries, list) or len(entries) != 1 or not isinstance(entries[0], dict):
        raise Refused(f"'{name}' must be a list of exactly one map")
    return entries[0]


def string_in(entry: dict, name: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value:
        raise Refused(f"'{name}' must be given as a non-empty string")
    return value


def integer_in(entry: dict, name: str) -> int:
    value = entry.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Refused(f"'{name}' must be given as a non-negative integer")
    return value


def servers_of(arguments: dict, single=False, unassigned=False) -> cb.Servers:
    """The "server-tags" list as Kea's server selector: ["all"], [null] (unassigned) or tags."""
    tags = arguments.get("server-tags")
    if not isinstance(tags, list) or not tags:
        raise Refused("'server-tags' must be a non-empty list")
    if single and len(tags) != 1:
        raise Refused("'server-tags' must hold exactly one server tag or \"all\"")
    if None in tags:
        if not unassigned or len(tags) != 1:
            raise Refused("'server-tags' may be [null] (unassigned) only when listing")
        return cb.Servers.UNASSIGNED
    if not all(isinstance(tag, str) and tag for tag in tags):
        raise Refused("'server-tags' must hold server tags (non-empty strings)")
    if tags == ["all"]:
        return cb.Servers.ALL
    return cb.Servers.tags(*tags)


def no_server_tags(arguments: dict) -> None:
    if "server-tags" in arguments:
        raise Refused("'server-tags' cannot be given for this command")


def backend_of(universe: int, arguments: dict) -> cb.ConfigBackend:
    remote = arguments.get("remote")
    if remote is not None and not isinstance(remote, dict):
        raise Refused("'remote' must be a map, such as {\"type\": \"postgresql\"}")
    return cb.ConfigBackend(universe, remote)


def parsed(universe: int, kind: Kind, config: dict) -> cb.Object:
    try:
        return cb.parse(universe, kind, config)
    except InvalidArgumentError as error:
        raise Refused(str(error)) from None


def described(obj: cb.Object, **extra) -> dict:
    """An object as the answers show it: Kea's form and its metadata (null: unassigned)."""
    entry = obj.to_dict()
    entry.update(extra)
    entry["metadata"] = {"server-tags": obj.server_tags or [None]}
    return entry


def listed(name: str, entries: list, text: str) -> dict:
    return answer(SUCCESS if entries else EMPTY, text, {name: entries, "count": len(entries)})


# ---- the commands, per universe ----------------------------------------------------------

class Commands:
    """The remote-* commands of one universe."""

    def __init__(self, universe: int) -> None:
        self.u = universe
        self.ip = f"IPv{universe}"
        self.dhcp = f"DHCPv{universe}"
        self.space = f"dhcp{universe}"
        self.subnets = f"subnet{universe}"

    def table(self) -> dict:
        u = self.u
        return {
            f"remote-server{u}-get-all": self.server_get_all,
            f"remote-server{u}-get": self.server_get,
            f"remote-server{u}-set": self.server_set,
            f"remote-server{u}-del": self.server_del,
            f"remote-global-parameter{u}-get-all": self.parameter_get_all,
            f"remote-global-parameter{u}-get": self.parameter_get,
            f"remote-global-parameter{u}-set": self.parameter_set,
            f"remote-global-parameter{u}-del": self.parameter_del,
            f"remote-network{u}-list": self.network_list,
            f"remote-network{u}-get": self.network_get,
            f"remote-network{u}-set": self.network_set,
            f"remote-network{u}-del": self.network_del,
            f"remote-subnet{u}-list": self.subnet_list,
            f"remote-subnet{u}-get-by-id": lambda a: self.subnet_get(a, "id"),
            f"remote-subnet{u}-get-by-prefix": lambda a: self.subnet_get(a, "subnet"),
            f"remote-subnet{u}-set": self.subnet_set,
            f"remote-subnet{u}-del-by-id": lambda a: self.subnet_del(a, "id"),
            f"remote-subnet{u}-del-by-prefix": lambda a: self.subnet_del(a, "subnet"),
            f"remote-option-def{u}-get-all": self.option_def_get_all,
            f"remote-option-def{u}-get": self.option_def_get,
            f"remote-option-def{u}-set": self.option_def_set,
            f"remote-option-def{u}-del": self.option_def_del,
            f"remote-option{u}-global-get-all": self.option_get_all,
            f"remote-option{u}-global-get": self.option_get,
            f"remote-option{u}-global-set": self.option_set,
            f"remote-option{u}-global-del": self.option_del,
            f"remote-option{u}-subnet-set": self.scoped_option_set(cb.Scope.SUBNET),
            f"remote-option{u}-subnet-del": self.scoped_option_del(cb.Scope.SUBNET),
            f"remote-option{u}-network-set": self.scoped_option_set(cb.Scope.SHARED_NETWORK),
            f"remote-option{u}-network-del": self.scoped_option_del(cb.Scope.SHARED_NETWORK),
            f"remote-option{u}-pool-set": self.scoped_option_set(cb.Scope.POOL),
            f"remote-option{u}-pool-del": self.scoped_option_del(cb.Scope.POOL),
            **({"remote-option6-pd-pool-set": self.scoped_option_set(cb.Scope.PD_POOL),
                "remote-option6-pd-pool-del": self.scoped_option_del(cb.Scope.PD_POOL)}
               if u == 6 else {}),
            f"remote-class{u}-get-all": self.class_get_all,
            f"remote-class{u}-get": self.class_get,
            f"remote-class{u}-set": self.class_set,
            f"remote-class{u}-del": self.class_del,
        }

    def backend(self, arguments) -> cb.ConfigBackend:
        return backend_of(self.u, arguments)

    # servers

    def server_get_all(self, arguments):
        servers = [s.to_dict() for s in self.backend(arguments).get_all(Kind.SERVER)]
        return listed("servers", servers, f"{self.dhcp} servers found." if servers
                      else f"0 {self.dhcp} server(s) found.")

    def server_get(self, arguments):
        tag = string_in(one_of(arguments, "servers"), "server-tag")
        found = self.backend(arguments).get(Kind.SERVER, tag)
        if found is None:
            raise Refused(f"DHCP server {tag} not found.", EMPTY)
        return answer(SUCCESS, f"DHCP server {tag} found.",
                      {"servers": [found.to_dict()], "count": 1})

    def server_set(self, arguments):
        server = parsed(self.u, Kind.SERVER, one_of(arguments, "servers"))
        self.backend(arguments).set(server)
        return answer(SUCCESS, f"{self.dhcp} server successfully set.",
                      {"servers": [server.to_dict()]})

    def server_del(self, arguments):
        tag = string_in(one_of(arguments, "servers"), "server-tag")
        count = self.backend(arguments).delete(Kind.SERVER, tag)
        return answer(SUCCESS if count else EMPTY, f"{count} {self.dhcp} server(s) deleted.",
                      {"count": count})

    # global parameters

    def parameter_names(self, arguments) -> list:
        names = arguments.get("parameters")
        if not isinstance(names, list) or len(names) != 1 or not isinstance(names[0], str):
            raise Refused("'parameters' must be a list of exactly one parameter name")
        return names

    def parameter_get_all(self, arguments):
        found = self.backend(arguments).get_all(Kind.GLOBAL_PARAMETER, servers_of(arguments, single=True))
        entries = [described(p) for p in found]
        return listed("parameters", entries, f"{self.dhcp} global parameters found." if entries
                      else f"0 {self.dhcp} global parameter(s) found.")

    def parameter_get(self, arguments):
        name, = self.parameter_names(arguments)
        found = self.backend(arguments).get(Kind.GLOBAL_PARAMETER, name, servers_of(arguments, single=True))
        if found is None:
            raise Refused(f"{self.dhcp} global parameter '{name}' not found.", EMPTY)
        return answer(SUCCESS, f"1 {self.dhcp} global parameter found.",
                      {"parameters": described(found), "count": 1})

    def parameter_set(self, arguments):
        values = arguments.get("parameters")
        if not isinstance(values, dict) or not values:
            raise Refused("'parameters' must be a map of global parameters and their values")
        servers = servers_of(arguments, single=True)
        parameters = [parsed(self.u, Kind.GLOBAL_PARAMETER, {name: value})
                      for name, value in values.items()]
        backend = self.backend(arguments)
        for parameter in parameters:
            backend.set(parameter, servers)
        return answer(SUCCESS, f"{self.dhcp} global parameter(s) successfully set.",
                      {"parameters": values, "count": len(values)})

    def parameter_del(self, arguments):
        name, = self.parameter_names(arguments)
        count = self.backend(arguments).delete(Kind.GLOBAL_PARAMETER, name, servers_of(arguments, single=True))
        return answer(SUCCESS if count else EMPTY,
                      f"{count} {self.dhcp} global parameter(s) deleted.", {"count": count})

    # shared networks

    def network_list(self, arguments):
        found = self.backend(arguments).get_all(Kind.SHARED_NETWORK, servers_of(arguments, unassigned=True))
        entries = [{"name": n.to_dict()["name"], "metadata": described(n)["metadata"]} for n in found]
        return listed("shared-networks", entries, f"{len(entries)} {self.ip} shared network(s) found.")

    def network_get(self, arguments):
        no_server_tags(arguments)
        name = string_in(one_of(arguments, "shared-networks"), "name")
        include = arguments.get("subnets-include", "no")
        if include not in ("no", "full"):
            raise Refused("'subnets-include' must be \"no\" or \"full\"")
        backend = self.backend(arguments)
        found = backend.get(Kind.SHARED_NETWORK, name)
        if found is None:
            raise Refused(f"{self.ip} shared network '{name}' not found.", EMPTY)
        entry = described(found)
        entry.pop(self.subnets, None)
        if include == "full":
            entry[self.subnets] = [described(s) for s in
                                   backend.get_all(Kind.SUBNET, cb.Servers.ANY, shared_network=name)]
        return answer(SUCCESS, f"{self.ip} shared network '{name}' found.",
                      {"shared-networks": [entry], "count": 1})

    def network_set(self, arguments):
        config = one_of(arguments, "shared-networks")
        if self.subnets in config:
            raise Refused(f"'{self.subnets}' cannot be given with a shared network: set its "
                          f"subnets with remote-subnet{self.u}-set")
        servers = servers_of(arguments)
        network = parsed(self.u, Kind.SHARED_NETWORK, config)
        self.backend(arguments).set(network, servers)
        return answer(SUCCESS, f"{self.ip} shared network successfully set.",
                      {"shared-networks": [{"name": network.to_dict()["name"]}]})

    def network_del(self, arguments):
        no_server_tags(arguments)
        name = string_in(one_of(arguments, "shared-networks"), "name")
        action = arguments.get("subnets-action", "keep")
        if action not in ("keep", "delete"):
            raise Refused("'subnets-action' must be \"keep\" or \"delete\"")
        backend = self.backend(arguments)
        if action == "delete":
            backend.delete_network_subnets(name)
        count = backend.delete(Kind.SHARED_NETWORK, name)
        return answer(SUCCESS if count else EMPTY, f"{count} {self.ip} shared network(s) deleted.",
                      {"count": count})

    # subnets

    def subnet_key(self, arguments, field):
        entry = one_of(arguments, "subnets")
        return integer_in(entry, "id") if field == "id" else string_in(entry, "subnet")

    def subnet_list(self, arguments):
        found = self.backend(arguments).get_all(Kind.SUBNET, servers_of(arguments, unassigned=True))
        entries = []
        for subnet in found:
            full = described(subnet)
            entries.append({key: full[key] for key in ("id", "subnet", "shared-network-name", "metadata")})
        return listed("subnets", entries, f"{len(entries)} {self.ip} subnet(s) found.")

    def subnet_get(self, arguments, field):
        no_server_tags(arguments)
        key = self.subnet_key(arguments, field)
        found = self.backend(arguments).get(Kind.SUBNET, key)
        if found is None:
            raise Refused(f"{self.ip} subnet {key} not found.", EMPTY)
        return answer(SUCCESS, f"{self.ip} subnet {key} found.",
                      {"subnets": [described(found)], "count": 1})

    def subnet_set(self, arguments):
        config = one_of(arguments, "subnets")
        if "shared-network-name" not in config:
            raise Refused("'shared-network-name' must be given: a shared network's name, or "
                          "null for a subnet of no shared network")
        if "reservations" in config:
            raise Refused("'reservations' cannot be stored in the configuration backend: use "
                          "the hosts-database (host-cmds)")
        servers = servers_of(arguments)
        subnet = parsed(self.u, Kind.SUBNET, config)
        self.backend(arguments).set(subnet, servers)
        printed = subnet.to_dict()
        return answer(SUCCESS, f"{self.ip} subnet successfully set.",
                      {"subnets": [{"id": printed["id"], "subnet": printed["subnet"]}]})

    def subnet_del(self, arguments, field):
        no_server_tags(arguments)
        key = self.subnet_key(arguments, field)
        count = self.backend(arguments).delete(Kind.SUBNET, key)
        return answer(SUCCESS if count else EMPTY, f"{count} {self.ip} subnet(s) deleted.",
                      {"count": count})

    # option definitions and global options: named by code and space

    def code_and_space(self, arguments, name):
        entry = one_of(arguments, name)
        code = integer_in(entry, "code")
        space = entry.get("space", self.space)
        if not isinstance(space, str) or not space:
            raise Refused("'space' must be a non-empty string")
        return code, space

    def option_def_get_all(self, arguments):
        found = self.backend(arguments).get_all(Kind.OPTION_DEF, servers_of(arguments, single=True))
        entries = [described(d) for d in found]
        return listed("option-defs", entries, f"{len(entries)} {self.dhcp} option definition(s) found.")

    def option_def_get(self, arguments):
        code, space = self.code_and_space(arguments, "option-defs")
        found = self.backend(arguments).get(Kind.OPTION_DEF, (code, space), servers_of(arguments, single=True))
        if found is None:
            raise Refused(f"{self.dhcp} option definition {code} in '{space}' not found.", EMPTY)
        return answer(SUCCESS, f"{self.dhcp} option definition {code} in '{space}' found.",
                      {"option-defs": [described(found)], "count": 1})

    def option_def_set(self, arguments):
        servers = servers_of(arguments, single=True)
        definition = parsed(self.u, Kind.OPTION_DEF, one_of(arguments, "option-defs"))
        self.backend(arguments).set(definition, servers)
        printed = definition.to_dict()
        return answer(SUCCESS, f"{self.dhcp} option definition successfully set.",
                      {"option-defs": [{"code": printed["code"], "space": printed["space"]}]})

    def option_def_del(self, arguments):
        code, space = self.code_and_space(arguments, "option-defs")
        count = self.backend(arguments).delete(Kind.OPTION_DEF, (code, space), servers_of(arguments, single=True))
        return answer(SUCCESS if count else EMPTY,
                      f"{count} {self.dhcp} option definition(s) deleted.", {"count": count})

    def option_get_all(self, arguments):
        found = self.backend(arguments).get_all(Kind.OPTION, servers_of(arguments, single=True))
        entries = [described(o) for o in found]
        return listed("options", entries, f"{self.dhcp} options found." if entries
                      else f"0 {self.dhcp} option(s) found.")

    def option_get(self, arguments):
        code, space = self.code_and_space(arguments, "options")
        found = self.backend(arguments).get(Kind.OPTION, (code, space), servers_of(arguments, single=True))
        if found is None:
            raise Refused(f"{self.dhcp} option {code} in '{space}' not found.", EMPTY)
        return answer(SUCCESS, f"{self.dhcp} option {code} in '{space}' found.",
                      {"options": [described(found)], "count": 1})

    def option_set(self, arguments):
        servers = servers_of(arguments, single=True)
        option = parsed(self.u, Kind.OPTION, one_of(arguments, "options"))
        self.backend(arguments).set(option, servers)
        printed = option.to_dict()
        return answer(SUCCESS, f"{self.dhcp} option successfully set.",
                      {"options": [{"code": printed["code"], "space": printed["space"]}]})

    def option_del(self, arguments):
        code, space = self.code_and_space(arguments, "options")
        count = self.backend(arguments).delete(Kind.OPTION, (code, space), servers_of(arguments, single=True))
        return answer(SUCCESS if count else EMPTY, f"{count} {self.dhcp} option(s) deleted.",
                      {"count": count})

    # options of a subnet, shared network, pool or prefix delegation pool (no server tags:
    # the option goes where its subnet or network is)

    def scope_of(self, scope, arguments):
        """The argument naming the scope, as cb.ConfigBackend.set_option takes it."""
        if scope == cb.Scope.SUBNET:
            return integer_in(one_of(arguments, "subnets"), "id")
        if scope == cb.Scope.SHARED_NETWORK:
            return string_in(one_of(arguments, "shared-networks"), "name")
        if scope == cb.Scope.POOL:
            return string_in(one_of(arguments, "pools"), "pool")
        pool = one_of(arguments, "pd-pools")
        return f"{string_in(pool, 'prefix')}/{integer_in(pool, 'prefix-len')}"

    def scoped_option_set(self, scope):
        def command(arguments):
            no_server_tags(arguments)
            where = self.scope_of(scope, arguments)
            option = parsed(self.u, Kind.OPTION, one_of(arguments, "options"))
            try:
                self.backend(arguments).set_option(option, scope, where)
            except InvalidArgumentError as error:
                raise Refused(str(error)) from None
            printed = option.to_dict()
            return answer(SUCCESS, f"{self.dhcp} option successfully set.",
                          {"options": [{"code": printed["code"], "space": printed["space"]}]})
        return command

    def scoped_option_del(self, scope):
        def command(arguments):
            no_server_tags(arguments)
            where = self.scope_of(scope, arguments)
            code, space = self.code_and_space(arguments, "options")
            try:
                count = self.backend(arguments).delete_option(scope, where, code, space)
            except InvalidArgumentError as error:
                raise Refused(str(error)) from None
            return answer(SUCCESS if count else EMPTY, f"{count} {self.dhcp} option(s) deleted.",
                          {"count": count})
        return command

    # client classes

    def class_get_all(self, arguments):
        found = self.backend(arguments).get_all(Kind.CLIENT_CLASS, servers_of(arguments, unassigned=True))
        entries = [described(c) for c in found]
        return listed("client-classes", entries, f"{len(entries)} {self.dhcp} client class(es) found.")

    def class_get(self, arguments):
        no_server_tags(arguments)
        name = string_in(one_of(arguments, "client-classes"), "name")
        found = self.backend(arguments).get(Kind.CLIENT_CLASS, name)
        if found is None:
            raise Refused(f"{self.dhcp} client class '{name}' not found.", EMPTY)
        return answer(SUCCESS, f"{self.dhcp} client class '{name}' found.",
                      {"client-classes": [described(found)], "count": 1})

    def class_set(self, arguments):
        follow = arguments.get("follow-class-name")
        if follow is not None and not isinstance(follow, str):
            raise Refused("'follow-class-name' must be a class name or null")
        servers = servers_of(arguments, single=True)
        client_class = parsed(self.u, Kind.CLIENT_CLASS, one_of(arguments, "client-classes"))
        self.backend(arguments).set(client_class, servers, follow_class_name=follow)
        return answer(SUCCESS, f"{self.dhcp} client class successfully set.",
                      {"client-classes": [{"name": client_class.to_dict()["name"]}]})

    def class_del(self, arguments):
        no_server_tags(arguments)
        name = string_in(one_of(arguments, "client-classes"), "name")
        count = self.backend(arguments).delete(Kind.CLIENT_CLASS, name)
        return answer(SUCCESS if count else EMPTY, f"{count} {self.dhcp} client class(es) deleted.",
                      {"count": count})


def answering(handler):
    """A command handler: arguments checked, Kea's refusals answered in one line."""
    def command(arguments):
        try:
            return handler(require_map(arguments))
        except Refused as refused:
            return answer(refused.result, str(refused))
        except KeaError as error:        # the backend's refusal: an unknown server tag, ...
            return answer(ERROR, str(error).splitlines()[0] if str(error) else type(error).__name__)
    return command


def load(handle):
    for universe in (4, 6):
        for name, handler in Commands(universe).table().items():
            handle.register_command(name, answering(handler))
