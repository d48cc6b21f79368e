// The relay calls of pykea.h: the relay levels of a Pkt6 (Kea's Pkt6::RelayInfo), their
// options, and Pkt6::getAnyRelayOption.
#include "address.h"
#include "args.h"
#include "errors.h"
#include "handles.h"
#include "kea_enums.h"

#include <dhcp/pkt6.h>

using namespace pykea;
using isc::dhcp::OptionPtr;
using isc::dhcp::Pkt6;

static_assert(sameValue(PYKEA_RELAY_SEARCH_FROM_CLIENT, Pkt6::RELAY_SEARCH_FROM_CLIENT) &&
              sameValue(PYKEA_RELAY_SEARCH_FROM_SERVER, Pkt6::RELAY_SEARCH_FROM_SERVER) &&
              sameValue(PYKEA_RELAY_GET_FIRST, Pkt6::RELAY_GET_FIRST) &&
              sameValue(PYKEA_RELAY_GET_LAST, Pkt6::RELAY_GET_LAST),
              "pykea_relay_search_order is Pkt6::RelaySearchOrder");

namespace {

Pkt6& pkt6Of(pykea_pkt* handle) {
    Pkt6* pkt = dynamic_cast<Pkt6*>(checked(handle, "pkt").pkt.get());
    if (!pkt) {
        fail(PYKEA_WRONG_TYPE, "this call needs a DHCPv6 packet");
    }
    return (*pkt);
}

const Pkt6::RelayInfo& relayOf(pykea_pkt* handle, size_t level) {
    Pkt6& pkt = pkt6Of(handle);
    if (level >= pkt.relay_info_.size()) {
        fail(PYKEA_NOT_FOUND, "the packet has " + std::to_string(pkt.relay_info_.size()) +
             " relay levels, not " + std::to_string(level + 1));
    }
    return (pkt.relay_info_[level]);
}

}  // namespace

extern "C" {

pykea_status pykea_pkt6_relay_count(pykea_pkt* pkt, size_t* count) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(count);
        *count = pkt6Of(pkt).relay_info_.size();
    }));
}

pykea_status pykea_pkt6_relay_info(pykea_pkt* pkt, size_t level, int* message_type, int* hop_count,
                                   pykea_address* link_address, pykea_address* peer_address) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(message_type);
        PYKEA_REQUIRE_ARG(hop_count);
        const Pkt6::RelayInfo& relay = relayOf(pkt, level);
        *message_type = relay.msg_type_;
        *hop_count = relay.hop_count_;
        toC(relay.linkaddr_, link_address);
        toC(relay.peeraddr_, peer_address);
    }));
}

pykea_status pykea_pkt6_relay_option(pykea_pkt* pkt, size_t level, uint16_t code,
                                     pykea_option** option) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(option);
        *option = nullptr;
        const Pkt6::RelayInfo& relay = relayOf(pkt, level);
        auto found = relay.options_.find(code);
        if (found == relay.options_.end()) {
            fail(PYKEA_NOT_FOUND, "relay level " + std::to_string(level) + " has no option " +
                 std::to_string(code));
        }
        *option = adopt<pykea_option>(found->second);
    }));
}

pykea_status pykea_pkt6_relay_option_codes(pykea_pkt* pkt, size_t level, uint16_t* codes,
                                           size_t capacity, size_t* count) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(count);
        size_t index = 0;
        for (const auto& entry : relayOf(pkt, level).options_) {
            if (codes && index < capacity) {
                codes[index] = entry.first;
            }
            ++index;
        }
        *count = index;
    }));
}

pykea_status pykea_pkt6_any_relay_option(pykea_pkt* pkt, uint16_t code, int order,
                                         pykea_option** option) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(option);
        *option = nullptr;
        if (order < PYKEA_RELAY_SEARCH_FROM_CLIENT || order > PYKEA_RELAY_GET_LAST) {
            fail(PYKEA_INVALID_ARGUMENT, "search order must be 1 (from client), 2 (from server), "
                 "3 (first relay) or 4 (last relay)");
        }
        OptionPtr found = pkt6Of(pkt).getAnyRelayOption(code,
                                                        static_cast<Pkt6::RelaySearchOrder>(order));
        if (!found) {
            fail(PYKEA_NOT_FOUND, "no relay level has option " + std::to_string(code));
        }
        *option = adopt<pykea_option>(found);
    }));
}

}  // extern "C"
