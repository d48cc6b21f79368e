// The callout handle calls of pykea.h: next-step status, per-request context and arguments.
#include "args.h"
#include "errors.h"
#include "handles.h"
#include "kea_enums.h"

#include <cc/data.h>
#include <dhcp/duid.h>
#include <dhcp/hwaddr.h>
#include <dhcpsrv/lease.h>
#include <dhcp/pkt6.h>
#include <dhcp/option6_ia.h>
#include <dhcpsrv/host.h>

#include <atomic>
#include <sstream>

using namespace pykea;
using isc::data::ConstElementPtr;
using isc::data::Element;
using isc::dhcp::ClientIdPtr;
using isc::dhcp::HWAddrPtr;
using isc::dhcp::Lease4;
using isc::dhcp::Lease4CollectionPtr;
using isc::dhcp::Lease4Ptr;
using isc::dhcp::Pkt4;
using isc::dhcp::Pkt4Ptr;
using isc::dhcp::Pkt6Ptr;
using isc::dhcp::Pkt6;
using isc::dhcp::Lease6Ptr;
using isc::dhcp::Lease6CollectionPtr;
using isc::dhcp::Lease6;
using isc::hooks::CalloutHandle;

namespace {

std::atomic<pykea_context_release_fn> context_release{nullptr};

// Kept in the callout handle's per-library context; tells Python when Kea destroys the handle.
struct ContextToken {
    explicit ContextToken(uint64_t value) : token(value) {}
    ~ContextToken() {
        pykea_context_release_fn release = context_release.load();
        if (release) {
            release(token);
        }
    }
    uint64_t token;
};

const char* const CONTEXT_NAME = "pykea";

void requireNext(int next_step) {
    if (next_step < PYKEA_NEXT_STEP_CONTINUE || next_step > PYKEA_NEXT_STEP_PARK) {
        fail(PYKEA_INVALID_ARGUMENT, "next step " + std::to_string(next_step) +
             " is not CONTINUE (0), SKIP (1), DROP (2) or PARK (3)");
    }
}

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& name : names) {
        if (!text.empty()) {
            text += '\n';
        }
        text += name;
    }
    return (text);
}

}  // namespace

extern "C" {

pykea_status pykea_handle_get_status(pykea_callout_handle* handle, int* next_step) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(next_step);
        *next_step = static_cast<int>(kea(handle).getStatus());
    }));
}

pykea_status pykea_handle_set_status(pykea_callout_handle* handle, int next_step) {
    return (guarded([&] {
        requireNext(next_step);
        kea(handle).setStatus(static_cast<CalloutHandle::CalloutNextStep>(next_step));
    }));
}

pykea_status pykea_handle_hook_name(pykea_callout_handle* handle, const char** name) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(name);
        *name = threadText(kea(handle).getHookName());
    }));
}

pykea_status pykea_handle_argument_names(pykea_callout_handle* handle, const char** names) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(names);
        *names = threadText(joined(kea(handle).getArgumentNames()));
    }));
}

pykea_status pykea_handle_delete_argument(pykea_callout_handle* handle, const char* name) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(name);
        kea(handle).deleteArgument(name);
    }));
}

pykea_status pykea_handle_get_context_token(pykea_callout_handle* handle, uint64_t* token) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(token);
        CalloutHandle& callout_handle = kea(handle);
        boost::shared_ptr<ContextToken> context;
        try {
            callout_handle.getContext(CONTEXT_NAME, context);
        } catch (const isc::hooks::NoSuchCalloutContext&) {
            fail(PYKEA_NOT_FOUND, "this callout handle has no pykea context yet");
        }
        *token = context->token;
    }));
}

pykea_status pykea_handle_set_context_token(pykea_callout_handle* handle, uint64_t token) {
    return (guarded([&] {
        kea(handle).setContext(CONTEXT_NAME, boost::make_shared<ContextToken>(token));
    }));
}

pykea_status pykea_set_context_release(pykea_context_release_fn release) {
    return (guarded([&] { context_release.store(release); }));
}

pykea_status pykea_handle_get_pkt4(pykea_callout_handle* handle, const char* name, pykea_pkt** pkt) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(pkt);
        *pkt = adoptedArgument<pykea_pkt, Pkt4Ptr>(handle, name);   // NULL: Kea's null pointer
    }));
}

pykea_status pykea_handle_set_pkt4(pykea_callout_handle* handle, const char* name, pykea_pkt* pkt) {
    return (guarded([&] {
        pykea_pkt& packet = checked(pkt, "pkt");
        if (!packet.v4) {
            fail(PYKEA_WRONG_TYPE, "a DHCPv6 packet cannot be a DHCPv4 argument");
        }
        setArgument(handle, name, boost::dynamic_pointer_cast<Pkt4>(packet.pkt));
    }));
}

pykea_status pykea_handle_get_lease4(pykea_callout_handle* handle, const char* name,
                                     pykea_lease** lease) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(lease);
        *lease = adoptedArgument<pykea_lease, Lease4Ptr>(handle, name);   // NULL: Kea's null pointer
    }));
}

pykea_status pykea_handle_set_lease4(pykea_callout_handle* handle, const char* name,
                                     pykea_lease* lease) {
    return (guarded([&] {
        Lease4Ptr value;
        if (lease) {
            pykea_lease& checked_lease = checked(lease, "lease");
            if (!checked_lease.v4) {
                fail(PYKEA_WRONG_TYPE, "a DHCPv6 lease cannot be a DHCPv4 argument");
            }
            value = boost::dynamic_pointer_cast<Lease4>(checked_lease.lease);
        }
        setArgument(handle, name, value);
    }));
}

pykea_status pykea_handle_get_lease4_list(pykea_callout_handle* handle, const char* name,
                                          pykea_lease_list** leases) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(leases);
        Lease4CollectionPtr collection = argument<Lease4CollectionPtr>(handle, name);
        std::vector<isc::dhcp::LeasePtr> items;
        if (collection) {
            items.assign(collection->begin(), collection->end());
        }
        *leases = adopt<pykea_lease_list>(std::move(items));
    }));
}

pykea_status pykea_handle_get_bool(pykea_callout_handle* handle, const char* name, int* value) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(value);
        *value = argument<bool>(handle, name);
    }));
}

pykea_status pykea_handle_set_bool(pykea_callout_handle* handle, const char* name, int value) {
    return (guarded([&] { setArgument(handle, name, value != 0); }));
}

pykea_status pykea_handle_get_uint32(pykea_callout_handle* handle, const char* name, uint32_t* value) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(value);
        *value = argument<uint32_t>(handle, name);
    }));
}

pykea_status pykea_handle_set_uint32(pykea_callout_handle* handle, const char* name, uint32_t value) {
    return (guarded([&] { setArgument(handle, name, value); }));
}

pykea_status pykea_handle_get_string(pykea_callout_handle* handle, const char* name,
                                     const char** value) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(value);
        *value = threadText(argument<std::string>(handle, name));
    }));
}

pykea_status pykea_handle_set_string(pykea_callout_handle* handle, const char* name,
                                     const char* value) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(value);
        setArgument(handle, name, std::string(value));
    }));
}

pykea_status pykea_handle_get_bytes(pykea_callout_handle* handle, const char* name,
                                    const uint8_t** data, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        *data = threadBytes(argument<std::vector<uint8_t>>(handle, name), size);
    }));
}

pykea_status pykea_handle_set_bytes(pykea_callout_handle* handle, const char* name,
                                    const uint8_t* data, size_t size) {
    return (guarded([&] {
        if (size) {
            PYKEA_REQUIRE_ARG(data);
        }
        setArgument(handle, name, std::vector<uint8_t>(data, data + size));
    }));
}

pykea_status pykea_handle_get_id_type(pykea_callout_handle* handle, const char* name, int* value) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(value);
        *value = static_cast<int>(argument<isc::dhcp::Host::IdentifierType>(handle, name));
    }));
}

pykea_status pykea_handle_set_id_type(pykea_callout_handle* handle, const char* name, int value) {
    return (guarded([&] {
        setArgument(handle, name, identifierTypeOf(value));
    }));
}

pykea_status pykea_handle_get_hwaddr(pykea_callout_handle* handle, const char* name, int* htype,
                                     const uint8_t** data, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(htype);
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        *data = nullptr;
        *size = 0;
        HWAddrPtr hwaddr = argument<HWAddrPtr>(handle, name);
        if (!hwaddr) {
            return;     // Kea's null pointer: NULL
        }
        *htype = hwaddr->htype_;
        *data = threadBytes(hwaddr->hwaddr_, size);
    }));
}

pykea_status pykea_handle_get_client_id(pykea_callout_handle* handle, const char* name,
                                        const uint8_t** data, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        *data = nullptr;
        *size = 0;
        ClientIdPtr client_id = argument<ClientIdPtr>(handle, name);
        if (!client_id) {
            return;     // Kea's null pointer: NULL
        }
        *data = threadBytes(client_id->getClientId(), size);
    }));
}

pykea_status pykea_handle_get_json(pykea_callout_handle* handle, const char* name, const char** json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        ConstElementPtr value = argument<ConstElementPtr>(handle, name);
        *json = threadText(value ? value->str() : "null");
    }));
}

pykea_status pykea_handle_set_json(pykea_callout_handle* handle, const char* name, const char* json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        setArgument(handle, name, ConstElementPtr(Element::fromJSON(std::string(json))));
    }));
}

pykea_status pykea_handle_get_pkt6(pykea_callout_handle* handle, const char* name, pykea_pkt** pkt) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(pkt);
        *pkt = adoptedArgument<pykea_pkt, Pkt6Ptr>(handle, name);   // NULL: Kea's null pointer
    }));
}

pykea_status pykea_handle_set_pkt6(pykea_callout_handle* handle, const char* name, pykea_pkt* pkt) {
    return (guarded([&] {
        Pkt6Ptr value = boost::dynamic_pointer_cast<Pkt6>(checked(pkt, "pkt").pkt);
        if (!value) {
            fail(PYKEA_WRONG_TYPE, "a DHCPv4 packet cannot be a DHCPv6 argument");
        }
        setArgument(handle, name, value);
    }));
}

pykea_status pykea_handle_get_lease6(pykea_callout_handle* handle, const char* name,
                                     pykea_lease** lease) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(lease);
        *lease = adoptedArgument<pykea_lease, Lease6Ptr>(handle, name);   // NULL: Kea's null pointer
    }));
}

pykea_status pykea_handle_set_lease6(pykea_callout_handle* handle, const char* name,
                                     pykea_lease* lease) {
    return (guarded([&] {
        Lease6Ptr value;
        if (lease) {
            value = boost::dynamic_pointer_cast<Lease6>(checked(lease, "lease").lease);
            if (!value) {
                fail(PYKEA_WRONG_TYPE, "a DHCPv4 lease cannot be a DHCPv6 argument");
            }
        }
        setArgument(handle, name, value);
    }));
}

pykea_status pykea_handle_get_lease6_list(pykea_callout_handle* handle, const char* name,
                                          pykea_lease_list** leases) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(leases);
        Lease6CollectionPtr collection = argument<Lease6CollectionPtr>(handle, name);
        std::vector<isc::dhcp::LeasePtr> items;
        if (collection) {
            items.assign(collection->begin(), collection->end());
        }
        *leases = adopt<pykea_lease_list>(std::move(items));
    }));
}

pykea_status pykea_handle_get_option(pykea_callout_handle* handle, const char* name,
                                     pykea_option** option) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(option);
        isc::dhcp::Option6IAPtr value = argument<isc::dhcp::Option6IAPtr>(handle, name);
        *option = value ? adopt<pykea_option>(value) : nullptr;
    }));
}

}  // extern "C"
