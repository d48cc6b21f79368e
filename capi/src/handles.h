// handles.h -- the owned handle types behind pykea.h's opaque pointers.
//
// Each handle holds a shared pointer to a Kea object. All live handles are linked in one
// registry so that pykea_detach_all() can drop every reference Python still holds when the
// hook library unloads; a detached handle answers PYKEA_DETACHED and is still freed normally.
#ifndef PYKEA_HANDLES_H
#define PYKEA_HANDLES_H

#include "errors.h"

#include <dhcp/option.h>
#include <dhcp/pkt.h>
#include <dhcp/pkt4.h>
#include <dhcpsrv/lease.h>
#include <hooks/callout_handle.h>

#include <boost/make_shared.hpp>
#include <boost/shared_ptr.hpp>

#include <cstdint>
#include <utility>
#include <vector>

namespace pykea {

class Tracked {
public:
    Tracked() = default;
    virtual ~Tracked() = default;
    Tracked(const Tracked&) = delete;
    Tracked& operator=(const Tracked&) = delete;

    bool detached() const { return (detached_); }
    // A callout frame's borrowed handle outside its callout holds nothing.
    virtual bool empty() const { return (false); }
    // Brings the Kea object up to date with what Python wrote into the frame and did not hand
    // to Kea yet (a borrowed packet's pending options); every call that is given the handle
    // does this first (checked()).
    virtual void settle() {}

    static uint64_t liveCount();
    // Detaches every live handle; the references are dropped after the registry is unlocked,
    // because destroying a Kea object may call back into Python, which may free handles.
    static uint64_t detachAll();

protected:
    // Moves the Kea reference out of the handle.
    virtual boost::shared_ptr<void> takeReference() = 0;

private:
    friend class Registry;
    template <typename Handle, typename... Args> friend Handle* adopt(Args&&... args);
    template <typename Handle> friend pykea_status freeHandle(Handle* handle);
    void track();
    void untrack();
    Tracked* prev_ = nullptr;
    Tracked* next_ = nullptr;
    bool detached_ = false;
};

// Creates a handle and links it in the registry once it is fully built.
template <typename Handle, typename... Args>
Handle* adopt(Args&&... args) {
    Handle* handle = new Handle(std::forward<Args>(args)...);
    handle->track();
    return (handle);
}

template <typename Handle>
Handle& checked(Handle* handle, const char* what) {
    requireNonNull(handle, what);
    if (handle->detached()) {
        fail(PYKEA_DETACHED, std::string(what) +
             " was released when the pykea hook library unloaded; do not keep Kea objects across reloads");
    }
    if (handle->empty()) {
        fail(PYKEA_DETACHED, std::string(what) + " was borrowed from a callout that has returned");
    }
    handle->settle();
    return (*handle);
}

template <typename Handle>
pykea_status freeHandle(Handle* handle) {
    return (guarded([&] {
        if (handle) {
            handle->untrack();
            delete handle;
        }
    }));
}

}  // namespace pykea

struct pykea_pkt : pykea::Tracked {
    pykea_pkt() = default;      // a callout frame's borrowed handle: never tracked
    explicit pykea_pkt(isc::dhcp::PktPtr p) { assign(std::move(p)); }
    void assign(isc::dhcp::PktPtr p) {
        pkt = std::move(p);
        v4 = dynamic_cast<isc::dhcp::Pkt4*>(pkt.get());
    }
    boost::shared_ptr<void> takeReference() override { v4 = nullptr; return (std::move(pkt)); }
    bool empty() const override { return (!pkt); }
    // Adds the options Python left in the frame's header (pykea_pkt_header.pending), in order.
    void settle() override {
        if (frame_header && frame_header->pending_size) {
            addPendingOptions();
        }
    }
    void addPendingOptions();
    isc::dhcp::PktPtr pkt;
    isc::dhcp::Pkt4* v4 = nullptr;    // the same object when it is a Pkt4, else null
    pykea_pkt_header* frame_header = nullptr;   // a callout frame's borrowed handle: its header
};

struct pykea_option : pykea::Tracked {
    explicit pykea_option(isc::dhcp::OptionPtr o) : option(std::move(o)) {}
    boost::shared_ptr<void> takeReference() override { return (std::move(option)); }
    isc::dhcp::OptionPtr option;
};

struct pykea_lease : pykea::Tracked {
    pykea_lease() = default;    // a callout frame's borrowed handle: never tracked
    explicit pykea_lease(isc::dhcp::LeasePtr l) { assign(std::move(l)); }
    void assign(isc::dhcp::LeasePtr l) {
        lease = std::move(l);
        v4 = dynamic_cast<isc::dhcp::Lease4*>(lease.get());
    }
    boost::shared_ptr<void> takeReference() override { v4 = nullptr; return (std::move(lease)); }
    bool empty() const override { return (!lease); }
    isc::dhcp::LeasePtr lease;
    isc::dhcp::Lease4* v4 = nullptr;
};

struct pykea_lease_list : pykea::Tracked {
    explicit pykea_lease_list(std::vector<isc::dhcp::LeasePtr> l) : leases(std::move(l)) {}
    boost::shared_ptr<void> takeReference() override {
        return (boost::make_shared<std::vector<isc::dhcp::LeasePtr>>(std::move(leases)));
    }
    std::vector<isc::dhcp::LeasePtr> leases;
};

struct pykea_testing_handle : pykea::Tracked {
    explicit pykea_testing_handle(isc::hooks::CalloutHandlePtr h) : handle(std::move(h)) {}
    boost::shared_ptr<void> takeReference() override { return (std::move(handle)); }
    isc::hooks::CalloutHandlePtr handle;
};

namespace pykea {

// Kea lends these as references; the C surface names them as opaque pointers.
inline isc::hooks::CalloutHandle& kea(pykea_callout_handle* handle) {
    requireNonNull(handle, "callout handle");
    return (*reinterpret_cast<isc::hooks::CalloutHandle*>(handle));
}

inline isc::hooks::LibraryHandle& kea(pykea_library_handle* library) {
    requireNonNull(library, "library handle");
    return (*reinterpret_cast<isc::hooks::LibraryHandle*>(library));
}

// A callout argument with the exact type Kea passed (NoSuchArgument and bad_any_cast become
// PYKEA_NOT_FOUND and PYKEA_WRONG_TYPE in guarded()).
template <typename T>
T argument(pykea_callout_handle* handle, const char* name) {
    requireNonNull(name, "argument name");
    T value;
    kea(handle).getArgument(name, value);
    return (value);
}

// A pointer argument as an owned handle to it, or NULL for Kea's null pointer.
template <typename Handle, typename Pointer>
Handle* adoptedArgument(pykea_callout_handle* handle, const char* name) {
    Pointer value = argument<Pointer>(handle, name);
    return (value ? adopt<Handle>(value) : nullptr);
}

template <typename T>
void setArgument(pykea_callout_handle* handle, const char* name, T value) {
    requireNonNull(name, "argument name");
    kea(handle).setArgument(name, value);
}

}  // namespace pykea

#endif
