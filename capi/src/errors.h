// errors.h -- status codes, the per-thread last error, per-thread result buffers, and guarded(),
// which every extern "C" function runs its body through so that no C++ exception crosses the
// boundary.
#ifndef PYKEA_ERRORS_H
#define PYKEA_ERRORS_H

#include <pykea.h>

#include <boost/any.hpp>
#include <hooks/callout_handle.h>

#include <cstdint>
#include <exception>
#include <string>
#include <vector>

namespace pykea {

// Thrown inside the shim to leave a call with a given status and message.
struct ApiError {
    pykea_status status;
    std::string message;
};

[[noreturn]] inline void fail(pykea_status status, const std::string& message) {
    throw ApiError{status, message};
}

pykea_status recordError(pykea_status status, const std::string& message) noexcept;
void clearError() noexcept;

template <typename Body>
pykea_status guarded(Body&& body) noexcept {
    try {
        body();
        return (PYKEA_OK);
    } catch (const ApiError& e) {
        return (recordError(e.status, e.message));
    } catch (const isc::hooks::NoSuchArgument& e) {
        return (recordError(PYKEA_NOT_FOUND, e.what()));
    } catch (const boost::bad_any_cast&) {
        return (recordError(PYKEA_WRONG_TYPE, "the argument has another type at this hook point"));
    } catch (const std::exception& e) {
        return (recordError(PYKEA_ERROR, e.what()));
    } catch (...) {
        return (recordError(PYKEA_ERROR, "unknown C++ exception"));
    }
}

// The one rule for a lookup of one object that finds nothing (pykea.h): the out-pointer is set
// to NULL and the call answers PYKEA_NOT_FOUND with `what` as its error text.
template <typename Handle>
void handOutFound(Handle* found, Handle** out, const std::string& what) {
    *out = found;
    if (found == nullptr) {
        fail(PYKEA_NOT_FOUND, what);
    }
}

// Results handed out as "valid until the next pykea call on this thread".
const char* threadText(std::string text);
const uint8_t* threadBytes(std::vector<uint8_t> bytes, size_t* size);
const uint8_t* threadBytes(const uint8_t* data, size_t length, size_t* size);

}  // namespace pykea

// The argument checks (requireNonNull, PYKEA_REQUIRE_ARG, ...) live in args.h; included here
// for the files that still find them through errors.h.
#include "args.h"

#endif
