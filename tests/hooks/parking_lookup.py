"""For the parking tests: parks the packet at the hook point named by parameter "hook", asks the
HTTP service at parameter "url" about the client (GET /decide?client=<MAC>) and then unparks
("allow"), drops ("deny") or, at lease4_offer, unparks with offer_address_in_use ("in-use").
Parameter "mode": "thread" (a callout that parks and hands the lookup to a worker thread) or
"async" (an async def callout, which pykea parks and resumes)."""

import asyncio
import concurrent.futures
import logging
import urllib.parse
import urllib.request

from pykea import NextStep

log = logging.getLogger("parking_lookup")
workers = concurrent.futures.ThreadPoolExecutor(4)
settings = {}


def load(handle):
    settings.update(handle.parameters)
    hook = settings["hook"]
    handle.register_callout(hook, parked_async if settings["mode"] == "async" else parked_in_thread)
    if hook == "lease4_offer":
        handle.register_callout("lease4_server_decline", lease4_server_decline)


def client_of(handle):
    query = handle.get("query4")
    if query is not None:
        return str(query.hwaddr)
    duid = handle["query6"].options[1].data
    return duid[-6:].hex(":")       # DUID-LL: the client's MAC ends it


def decide_url(client):
    return f"{settings['url']}/decide?client={urllib.parse.quote(client)}"


# ---- a worker thread -------------------------------------------------------------------------

def parked_in_thread(handle):
    client = client_of(handle)
    parked = handle.park()
    log.info("parked %s at %s", client, handle.hook)
    workers.submit(look_up, client, parked)


def look_up(client, parked):
    try:
        # A deadline for a busy machine (and for a lookup the test service holds a while).
        with urllib.request.urlopen(decide_url(client), timeout=300) as response:
            answer = response.read().decode()
    except Exception as error:
        log.error("lookup of %s failed: %s", client, error)
        answer = "deny"
    resume(client, parked, answer)


def resume(client, parked, answer):
    log.info("%s: %s at %s", client, answer, parked.hook)
    if answer == "allow":
        parked.unpark()
    elif answer == "in-use":
        parked.unpark(offer_address_in_use=True)
    else:
        parked.drop()


# ---- asyncio ---------------------------------------------------------------------------------

async def parked_async(handle):
    client = client_of(handle)
    log.info("async lookup of %s at %s", client, handle.hook)
    answer = await http_get(decide_url(client))
    if answer == "in-use":
        resume(client, handle.parked, answer)
        return None
    log.info("%s: %s at %s (async)", client, answer, handle.hook)
    return None if answer == "allow" else NextStep.DROP


async def http_get(url):
    parts = urllib.parse.urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    writer.write(f"GET {parts.path}?{parts.query} HTTP/1.0\r\nHost: {parts.hostname}\r\n\r\n".encode())
    await writer.drain()
    response = await reader.read()
    writer.close()
    return response.split(b"\r\n\r\n", 1)[1].decode()


def lease4_server_decline(handle):
    log.info("server declined %s", handle["lease4"].address)


def dhcp4_srv_configured(handle):
    log.info("io_context: %r", handle["io_context"])


def dhcp6_srv_configured(handle):
    log.info("io_context: %r", handle["io_context"])
