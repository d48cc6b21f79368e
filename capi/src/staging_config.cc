// staging_config.cc -- the "hooks-libraries" of the configuration Kea is parsing (its staging
// configuration), which pykea reads when Kea validates hook libraries, before any is loaded.
#include "compat.h"

#include <cc/data.h>

#if PYKEA_HAVE_SERVER_CONFIG

namespace pykea {
namespace compat {

isc::data::ConstElementPtr stagingHooksLibraries() {
    return (isc::dhcp::CfgMgr::instance().getStagingCfg()->getHooksConfig().toElement());
}

}  // namespace compat
}  // namespace pykea

#else

// Debian's Kea 2.2 kea-dev cannot compile dhcpsrv/cfgmgr.h (it lacks dhcpsrv/cfg_globals.h).
// Two of its exported members are enough: they are declared here by their own names, and this
// file includes no other declaration of these classes.
namespace isc {
namespace dhcp {

class SrvConfig {
public:
    isc::data::ElementPtr toElement() const;
};

class CfgMgr {
public:
    static CfgMgr& instance();
    boost::shared_ptr<SrvConfig> getStagingCfg();
};

}  // namespace dhcp
}  // namespace isc

namespace pykea {
namespace compat {

isc::data::ConstElementPtr stagingHooksLibraries() {
    isc::data::ConstElementPtr whole = isc::dhcp::CfgMgr::instance().getStagingCfg()->toElement();
    for (const char* server : {"Dhcp4", "Dhcp6"}) {
        if (whole && whole->getType() == isc::data::Element::map && whole->contains(server)) {
            return (whole->get(server)->get("hooks-libraries"));
        }
    }
    return (isc::data::ConstElementPtr());
}

}  // namespace compat
}  // namespace pykea

#endif
