#include "errors.h"

namespace pykea {
namespace {

struct ThreadState {
    std::string last_error;
    std::string text;
    std::vector<uint8_t> bytes;
};

ThreadState& threadState() {
    thread_local ThreadState state;
    return (state);
}

}  // namespace

pykea_status recordError(pykea_status status, const std::string& message) noexcept {
    try {
        threadState().last_error = message;
    } catch (...) {
        // Out of memory while keeping the message: the status still tells what happened.
    }
    return (status);
}

void clearError() noexcept {
    threadState().last_error.clear();
}

const char* threadText(std::string text) {
    ThreadState& state = threadState();
    state.text = std::move(text);
    return (state.text.c_str());
}

const uint8_t* threadBytes(std::vector<uint8_t> bytes, size_t* size) {
    ThreadState& state = threadState();
    state.bytes = std::move(bytes);
    *size = state.bytes.size();
    return (state.bytes.data());
}

const uint8_t* threadBytes(const uint8_t* data, size_t length, size_t* size) {
    ThreadState& state = threadState();
    state.bytes.assign(data, data + length);
    *size = length;
    return (state.bytes.data());
}

}  // namespace pykea

extern "C" const char* pykea_last_error(void) {
    return (pykea::threadState().last_error.c_str());
}
