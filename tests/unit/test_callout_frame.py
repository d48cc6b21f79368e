"""Arguments borrowed from the callout frame (pykea.frame): what a hook keeps stays valid and
keeps its own object, what it does not keep is lent again, and writes during a callout are
read back (docs/architecture.md, "Who owns a callout's arguments")."""
import os

import pytest

from pykea import HWAddr, Lease4, MessageType, Option, Pkt4, runtime
from pykea.testing import KeaHooks

HOOK = os.path.join(os.path.dirname(os.path.dirname(__file__)), "hooks", "frame_hook.py")


@pytest.fixture(scope="module")
def kea():
    return KeaHooks(server=4)


@pytest.fixture
def hook(kea):
    kea.load(HOOK)
    module = runtime.loaded().module
    module.kept.clear()
    module.seen.clear()
    yield module
    kea.unload()


def packet(transid, mac="02:00:00:00:00:01"):
    made = Pkt4(MessageType.DISCOVER, transid)
    made.hwaddr = HWAddr.parse(mac)
    return made


def receive(kea, transid, mac="02:00:00:00:00:01"):
    handle = kea.handle()
    handle.set("pkt4_receive", "query4", packet(transid, mac))
    handle.call("pkt4_receive")
    return handle


def test_a_kept_packet_stays_its_own_after_later_callouts(kea, hook):
    receive(kea, 0x1, "02:00:00:00:00:01")
    for transid in (0x10, 0x11, 0x12):
        receive(kea, transid, "02:00:00:00:00:aa")
    kept = hook.kept["query"]
    assert kept.transid == 0x1
    assert str(kept.hwaddr) == "02:00:00:00:00:01"
    assert [entry[1] for entry in hook.seen] == [0x1, 0x10, 0x11, 0x12]
    assert {entry[2] for entry in hook.seen[1:]} == {"02:00:00:00:00:aa"}


def test_a_kept_handle_is_invalid_after_its_callout(kea, hook):
    receive(kea, 0x2)
    receive(kea, 0x20)
    with pytest.raises(Exception, match="NULL"):
        hook.kept["handle"]["query4"]


def test_a_write_is_read_back_in_the_same_callout(kea, hook):
    handle = receive(kea, 0x3)
    assert ("after write", 0x33, True) in hook.seen
    assert handle.get("pkt4_receive", "query4").transid == 0x33


def test_the_slot_lends_the_same_wrapper_to_later_callouts_after_a_write(kea, hook):
    receive(kea, 0x60)
    receive(kea, 0x3)                   # writes the transid: the header is read again
    receive(kea, 0x61, "02:00:00:00:00:61")
    receive(kea, 0x62, "02:00:00:00:00:62")
    wrappers = [entry[1:] for entry in hook.seen if entry[0] == "wrapper"]
    assert len(wrappers) == 3 and len({wrapper for wrapper, _ in wrappers}) == 1
    # read in the first call, so the slot lends it before the function runs from then on
    assert [prelent for _, prelent in wrappers] == [False, True, True]
    received = [entry[1:] for entry in hook.seen if entry[0] == "receive"]
    assert received == [(0x60, "02:00:00:00:00:01"), (0x3, "02:00:00:00:00:01"),
                        (0x61, "02:00:00:00:00:61"), (0x62, "02:00:00:00:00:62")]


def test_a_hardware_address_longer_than_seven_bytes_is_read_whole(kea, hook):
    long_mac = ":".join(f"{byte:02x}" for byte in range(1, 17))
    receive(kea, 0x8, "02:00:00:00:00:08")
    receive(kea, 0x9, long_mac)
    assert [entry[2] for entry in hook.seen] == ["02:00:00:00:00:08", long_mac]


def test_adding_option_53_changes_the_type_read_afterwards(kea, hook):
    receive(kea, 0x4)
    assert ("type after option 53", MessageType.REQUEST) in hook.seen


def test_a_module_level_option_is_added_as_a_copy_to_each_response(kea, hook):
    responses = []
    for transid in (0x50, 0x51):
        handle = kea.handle()
        response = Pkt4(MessageType.OFFER, transid)
        handle.set("pkt4_send", "response4", response)
        handle.set("pkt4_send", "query4", packet(transid))
        handle.call("pkt4_send")
        responses.append(response)
    hook.WPAD.data = b"changed later"
    for response in responses:
        assert response.options[252].data == b"http://wpad.example/wpad.dat"


def test_setting_an_argument_keeps_the_object_read_before(kea, hook):
    handle = kea.handle()
    handle.set("pkt4_send", "response4", Pkt4(MessageType.OFFER, 0x5))
    handle.set("pkt4_send", "query4", packet(0x6))
    handle.call("pkt4_send")
    assert ("response now", 0x6) in hook.seen
    previous = hook.kept["previous"]
    assert previous.transid == 0x5
    assert previous.options[252].data == b"http://wpad.example/wpad.dat"


def test_a_null_lease_argument_is_none_and_a_kept_lease_stays_valid(kea, hook):
    handle = kea.handle()
    handle.set("lease4_select", "query4", packet(0x7))
    handle.set("lease4_select", "lease4", None)
    handle.call("lease4_select")
    handle.set("lease4_select", "lease4", Lease4("192.0.2.77"))
    handle.call("lease4_select")
    handle.set("lease4_select", "lease4", Lease4("192.0.2.78"))
    handle.call("lease4_select")
    assert [entry[1] for entry in hook.seen] == [None, "192.0.2.77", "192.0.2.78"]
    assert str(hook.kept["lease"].address) == "192.0.2.78"


def send(kea, transid):
    handle = kea.handle()
    response = Pkt4(MessageType.OFFER, transid)
    handle.set("pkt4_send", "response4", response)
    handle.set("pkt4_send", "query4", packet(transid))
    handle.call("pkt4_send")
    return response


def test_an_option_added_in_a_callout_is_read_back_and_a_second_one_refused_at_once(kea, hook):
    response = send(kea, 0x70)
    assert ("read back", b"first") in hook.seen
    refused = [entry for entry in hook.seen if entry[0] == "second"]
    assert len(refused) == 1 and "already present" in refused[0][2], hook.seen
    assert response.options[60].data == b"first"


def test_options_beyond_what_the_frame_holds_pending_all_reach_kea_in_order(kea, hook):
    response = send(kea, 0x71)
    for code in range(200, 240):
        assert response.options[code].data == bytes([code]) * 40
    assert response.options[252].data == b"http://wpad.example/wpad.dat"


def test_replacing_a_pending_option_leaves_one_option_with_the_new_data(kea, hook):
    response = send(kea, 0x72)
    assert ("codes", [61, 252]) in hook.seen or ("codes", [53, 61, 252]) in hook.seen, hook.seen
    assert response.options[61].data == b"two"
    assert sum(1 for code in response.options if code == 61) == 1
