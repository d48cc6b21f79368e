// The configuration backend's audit entries (cb4_updated / cb6_updated's "audit_entries").
#include "args.h"
#include "errors.h"
#include "handles.h"

#include <cc/data.h>
#include <database/audit_entry.h>

#include <boost/date_time/posix_time/posix_time.hpp>
#include <boost/version.hpp>

using namespace pykea;
using isc::data::Element;
using isc::data::ElementPtr;
using isc::db::AuditEntry;

namespace {

const char* modificationName(AuditEntry::ModificationType type) {
    switch (type) {
    case AuditEntry::ModificationType::CREATE: return ("create");
    case AuditEntry::ModificationType::UPDATE: return ("update");
    case AuditEntry::ModificationType::DELETE: return ("delete");
    }
    return ("unknown");
}

ElementPtr toElement(const AuditEntry& entry) {
    ElementPtr map = Element::createMap();
    map->set("object_type", Element::create(entry.getObjectType()));
    map->set("object_id", Element::create(static_cast<int64_t>(entry.getObjectId())));
    map->set("modification_type", Element::create(modificationName(entry.getModificationType())));
    map->set("modification_time",
             Element::create(boost::posix_time::to_iso_extended_string(entry.getModificationTime())));
    map->set("revision_id", Element::create(static_cast<int64_t>(entry.getRevisionId())));
    map->set("log_message", Element::create(entry.getLogMessage()));
    return (map);
}

}  // namespace

extern "C" {

pykea_status pykea_handle_get_audit_entries(pykea_callout_handle* handle, const char* name,
                                            const char** json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        isc::db::AuditEntryCollectionPtr entries;
        try {
            entries = argument<isc::db::AuditEntryCollectionPtr>(handle, name);
        } catch (const boost::bad_any_cast&) {
            // The collection is a Boost multi_index type whose C++ type changes with Boost's
            // release: Kea and pykea must be compiled with the same Boost headers.
            fail(PYKEA_WRONG_TYPE, std::string(name) + " is not the AuditEntryCollectionPtr of "
                 "this build's Boost (" BOOST_LIB_VERSION "); Kea was built with another Boost "
                 "(kea-dhcp4 -W names it): build pykea with that Boost's headers");
        }
        ElementPtr list = Element::createList();
        if (entries) {
            // In the order Kea applies them: by modification time, then revision.
            const auto& by_time = entries->get<isc::db::AuditEntryModificationTimeIdTag>();
            for (const isc::db::AuditEntryPtr& entry : by_time) {
                list->add(toElement(*entry));
            }
        }
        *json = threadText(list->str());
    }));
}

}  // extern "C"
