// subnet_handles.h -- the owned handle types over Kea's subnets and shared networks, shared by
// api_subnet.cc and api_config.cc. Only where Kea's subnet headers compile (PYKEA_HAVE_SUBNETS).
#ifndef PYKEA_SUBNET_HANDLES_H
#define PYKEA_SUBNET_HANDLES_H

#include "compat.h"
#include "handles.h"

#include <dhcpsrv/cfg_shared_networks.h>
#include <dhcpsrv/cfg_subnets4.h>
#include <dhcpsrv/cfg_subnets6.h>
#include <dhcpsrv/shared_network.h>
#include <dhcpsrv/subnet.h>

#include <string>
#include <vector>

namespace pykea {
using ConstSubnet = boost::shared_ptr<const isc::dhcp::Subnet>;
}

// Kea 3.0 hands out pointers to const subnets and earlier Kea mutable ones: the handle keeps a
// pointer to const, and pykea only reads through it.
struct pykea_subnet : pykea::Tracked {
    explicit pykea_subnet(pykea::ConstSubnet s)
        : subnet(std::move(s)), v6(dynamic_cast<const isc::dhcp::Subnet6*>(subnet.get())) {}
    boost::shared_ptr<void> takeReference() override {
        v6 = nullptr;
        return (boost::const_pointer_cast<isc::dhcp::Subnet>(std::move(subnet)));
    }
    pykea::ConstSubnet subnet;
    const isc::dhcp::Subnet6* v6;   // the same object when it is a Subnet6, else null
};

struct pykea_subnet_list : pykea::Tracked {
    explicit pykea_subnet_list(std::vector<pykea::ConstSubnet> s) : subnets(std::move(s)) {}
    boost::shared_ptr<void> takeReference() override {
        return (boost::make_shared<std::vector<pykea::ConstSubnet>>(std::move(subnets)));
    }
    std::vector<pykea::ConstSubnet> subnets;
};

struct pykea_shared_network : pykea::Tracked {
    explicit pykea_shared_network(boost::shared_ptr<const isc::dhcp::Network> n)
        : network(std::move(n)) {}
    boost::shared_ptr<void> takeReference() override {
        return (boost::const_pointer_cast<isc::dhcp::Network>(std::move(network)));
    }
    boost::shared_ptr<const isc::dhcp::Network> network;    // a SharedNetwork4 or SharedNetwork6
};

namespace pykea {

inline pykea_subnet* adoptSubnet(const ConstSubnet& subnet) {
    return (subnet ? adopt<pykea_subnet>(subnet) : nullptr);
}

// A Subnet4Collection, Subnet6Collection or a shared network's simple collection, as a list.
template <typename Collection>
std::vector<ConstSubnet> subnetsOf(const Collection* collection) {
    std::vector<ConstSubnet> subnets;
    if (collection) {
        subnets.assign(collection->begin(), collection->end());
    }
    return (subnets);
}

inline std::string joinedLines(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items) {
        text += (text.empty() ? "" : "\n") + item;
    }
    return (text);
}

inline const char* jsonText(const isc::data::ConstElementPtr& element) {
    return (threadText(element ? element->str() : "null"));
}

}  // namespace pykea

#endif
