// The lease calls of pykea.h. Fields shared by Lease4 and Lease6 take a field number.
#include "address.h"
#include "compat.h"
#include "args.h"
#include "errors.h"
#include "handles.h"
#include "headers.h"

#include <cc/data.h>
#include <dhcp/duid.h>
#include <dhcp/hwaddr.h>

using namespace pykea;
using isc::dhcp::Lease;
using isc::dhcp::Lease4;

namespace {

Lease& leaseOf(pykea_lease* handle) {
    return (*checked(handle, "lease").lease);
}

Lease4& lease4Of(pykea_lease* handle) {
    pykea_lease& checked_handle = checked(handle, "lease");
    if (!checked_handle.v4) {
        fail(PYKEA_WRONG_TYPE, "this call needs a DHCPv4 lease");
    }
    return (*checked_handle.v4);
}

void requireUint32(int64_t value, const char* what) {
    if (value < 0 || value > UINT32_MAX) {
        fail(PYKEA_INVALID_ARGUMENT, std::string(what) + " must be between 0 and 4294967295, not " +
             std::to_string(value));
    }
}

[[noreturn]] void unknownField(int field) {
    fail(PYKEA_INVALID_ARGUMENT, "unknown lease field " + std::to_string(field));
}

}  // namespace

extern "C" {

pykea_status pykea_lease4_new(uint32_t address, pykea_lease** lease) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(lease);
        auto created = boost::make_shared<Lease4>();
        created->addr_ = isc::asiolink::IOAddress(address);
        *lease = adopt<pykea_lease>(created);
    }));
}

pykea_status pykea_lease_free(pykea_lease* lease) {
    return (freeHandle(lease));
}

pykea_status pykea_lease_universe(pykea_lease* lease, int* universe) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(universe);
        *universe = checked(lease, "lease").v4 ? PYKEA_UNIVERSE_V4 : PYKEA_UNIVERSE_V6;
    }));
}

pykea_status pykea_lease_get_header(pykea_lease* lease, pykea_lease_header* header) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(header);
        fillHeader(leaseOf(lease), *header);
    }));
}

pykea_status pykea_lease_copy(pykea_lease* lease, pykea_lease** copy) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(copy);
        *copy = adopt<pykea_lease>(checked(lease, "lease").lease);
    }));
}

pykea_status pykea_lease_get_address(pykea_lease* lease, pykea_address* address) {
    return (guarded([&] { toC(leaseOf(lease).addr_, address); }));
}

pykea_status pykea_lease_set_address(pykea_lease* lease, const pykea_address* address) {
    return (guarded([&] {
        Lease& target = leaseOf(lease);
        isc::asiolink::IOAddress value = fromC(address);
        if (value.isV4() != target.addr_.isV4()) {
            fail(PYKEA_INVALID_ARGUMENT, "a lease keeps its address family");
        }
        target.addr_ = value;
    }));
}

pykea_status pykea_lease_get_int(pykea_lease* lease, int field, int64_t* value) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(value);
        Lease& target = leaseOf(lease);
        switch (field) {
        case PYKEA_LEASE_VALID_LFT: *value = target.valid_lft_; return;
        case PYKEA_LEASE_CLTT: *value = target.cltt_; return;
        case PYKEA_LEASE_SUBNET_ID: *value = target.subnet_id_; return;
        case PYKEA_LEASE_FQDN_FWD: *value = target.fqdn_fwd_; return;
        case PYKEA_LEASE_FQDN_REV: *value = target.fqdn_rev_; return;
        case PYKEA_LEASE_STATE: *value = target.state_; return;
        case PYKEA_LEASE_CURRENT_VALID_LFT: *value = target.current_valid_lft_; return;
        case PYKEA_LEASE_CURRENT_CLTT: *value = target.current_cltt_; return;
        case PYKEA_LEASE_POOL_ID: {
            uint32_t pool_id;
            if (!compat::leasePoolId(target, pool_id)) {
                fail(PYKEA_UNSUPPORTED, "leases have a pool id from Kea 2.6 on");
            }
            *value = pool_id;
            return;
        }
        }
        unknownField(field);
    }));
}

pykea_status pykea_lease_set_int(pykea_lease* lease, int field, int64_t value) {
    return (guarded([&] {
        Lease& target = leaseOf(lease);
        switch (field) {
        case PYKEA_LEASE_VALID_LFT:
            requireUint32(value, "valid lifetime");
            target.valid_lft_ = static_cast<uint32_t>(value);
            return;
        case PYKEA_LEASE_CLTT: target.cltt_ = static_cast<time_t>(value); return;
        case PYKEA_LEASE_SUBNET_ID:
            requireUint32(value, "subnet id");
            target.subnet_id_ = static_cast<isc::dhcp::SubnetID>(value);
            return;
        case PYKEA_LEASE_FQDN_FWD: target.fqdn_fwd_ = value != 0; return;
        case PYKEA_LEASE_FQDN_REV: target.fqdn_rev_ = value != 0; return;
        case PYKEA_LEASE_STATE:
            requireUint32(value, "state");
            target.state_ = static_cast<uint32_t>(value);
            return;
        case PYKEA_LEASE_CURRENT_VALID_LFT:
            requireUint32(value, "current valid lifetime");
            target.current_valid_lft_ = static_cast<uint32_t>(value);
            return;
        case PYKEA_LEASE_CURRENT_CLTT: target.current_cltt_ = static_cast<time_t>(value); return;
        case PYKEA_LEASE_POOL_ID:
            requireUint32(value, "pool id");
            if (!compat::setLeasePoolId(target, static_cast<uint32_t>(value))) {
                fail(PYKEA_UNSUPPORTED, "leases have a pool id from Kea 2.6 on");
            }
            return;
        }
        unknownField(field);
    }));
}

pykea_status pykea_lease_get_hostname(pykea_lease* lease, const char** hostname) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hostname);
        *hostname = threadText(leaseOf(lease).hostname_);
    }));
}

pykea_status pykea_lease_set_hostname(pykea_lease* lease, const char* hostname) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(hostname);
        leaseOf(lease).hostname_ = hostname;
    }));
}

pykea_status pykea_lease_get_hwaddr(pykea_lease* lease, int* htype, const uint8_t** data, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(htype);
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        *data = nullptr;
        *size = 0;
        const isc::dhcp::HWAddrPtr& hwaddr = leaseOf(lease).hwaddr_;
        if (!hwaddr) {
            fail(PYKEA_NOT_FOUND, "the lease has no hardware address");
        }
        *htype = hwaddr->htype_;
        *data = threadBytes(hwaddr->hwaddr_.data(), hwaddr->hwaddr_.size(), size);
    }));
}

pykea_status pykea_lease_set_hwaddr(pykea_lease* lease, int htype, const uint8_t* data, size_t size) {
    return (guarded([&] {
        Lease& target = leaseOf(lease);
        if (size == 0) {
            target.hwaddr_.reset();
            return;
        }
        PYKEA_REQUIRE_ARG(data);
        if (htype < 0 || htype > 65535) {
            fail(PYKEA_INVALID_ARGUMENT, "hardware type must be 0 to 65535");
        }
        target.hwaddr_ = boost::make_shared<isc::dhcp::HWAddr>(data, size, static_cast<uint16_t>(htype));
    }));
}

pykea_status pykea_lease4_get_client_id(pykea_lease* lease, const uint8_t** data, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        *data = nullptr;
        *size = 0;
        const isc::dhcp::ClientIdPtr& client_id = lease4Of(lease).client_id_;
        if (!client_id) {
            fail(PYKEA_NOT_FOUND, "the lease has no client identifier");
        }
        *data = threadBytes(client_id->getClientId(), size);
    }));
}

pykea_status pykea_lease4_set_client_id(pykea_lease* lease, const uint8_t* data, size_t size) {
    return (guarded([&] {
        Lease4& target = lease4Of(lease);
        if (size == 0) {
            target.client_id_.reset();
            return;
        }
        PYKEA_REQUIRE_ARG(data);
        target.client_id_ = boost::make_shared<isc::dhcp::ClientId>(data, size);
    }));
}

namespace {

std::vector<uint8_t>& lease4BytesField(pykea_lease* lease, int field) {
    if (field != PYKEA_LEASE4_REMOTE_ID && field != PYKEA_LEASE4_RELAY_ID) {
        unknownField(field);
    }
    std::vector<uint8_t>* bytes = compat::lease4Bytes(lease4Of(lease), field);
    if (!bytes) {
        fail(PYKEA_UNSUPPORTED, "DHCPv4 leases have remote-id and relay-id from Kea 2.6 on");
    }
    return (*bytes);
}

}  // namespace

pykea_status pykea_lease4_get_bytes(pykea_lease* lease, int field, const uint8_t** data, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        const std::vector<uint8_t>& bytes = lease4BytesField(lease, field);
        *data = threadBytes(bytes.data(), bytes.size(), size);
    }));
}

pykea_status pykea_lease4_set_bytes(pykea_lease* lease, int field, const uint8_t* data, size_t size) {
    return (guarded([&] {
        if (size) {
            PYKEA_REQUIRE_ARG(data);
        }
        lease4BytesField(lease, field).assign(data, data + size);
    }));
}

pykea_status pykea_lease_get_user_context(pykea_lease* lease, const char** json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        isc::data::ConstElementPtr context = leaseOf(lease).getContext();
        *json = threadText(context ? context->str() : "null");
    }));
}

pykea_status pykea_lease_set_user_context(pykea_lease* lease, const char* json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        isc::data::ConstElementPtr context = isc::data::Element::fromJSON(std::string(json));
        if (context->getType() == isc::data::Element::null) {
            context.reset();
        } else if (context->getType() != isc::data::Element::map) {
            fail(PYKEA_INVALID_ARGUMENT, "a lease's user context must be a map (a dict) or null");
        }
        leaseOf(lease).setContext(context);
    }));
}

pykea_status pykea_lease_text(pykea_lease* lease, const char** text) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(text);
        *text = threadText(leaseOf(lease).toText());
    }));
}

pykea_status pykea_lease_to_json(pykea_lease* lease, const char** json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        *json = threadText(leaseOf(lease).toElement()->str());
    }));
}

pykea_status pykea_lease_list_free(pykea_lease_list* leases) {
    return (freeHandle(leases));
}

pykea_status pykea_lease_list_size(pykea_lease_list* leases, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(size);
        *size = checked(leases, "leases").leases.size();
    }));
}

pykea_status pykea_lease_list_get(pykea_lease_list* leases, size_t index, pykea_lease** lease) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(lease);
        pykea_lease_list& list = checked(leases, "leases");
        if (index >= list.leases.size()) {
            fail(PYKEA_INVALID_ARGUMENT, "lease index " + std::to_string(index) + " is past the end");
        }
        *lease = adopt<pykea_lease>(list.leases[index]);
    }));
}

}  // extern "C"
