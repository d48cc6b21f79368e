// The option calls of pykea.h: raw data, wire form, text and sub-options.
#include "args.h"
#include "errors.h"
#include "handles.h"
#include "options.h"

#include <dhcp/option.h>

using namespace pykea;
using isc::dhcp::Option;
using isc::dhcp::OptionPtr;

namespace {

Option& optionOf(pykea_option* handle) {
    return (*checked(handle, "option").option);
}

}  // namespace

namespace pykea {

isc::dhcp::OptionPtr makeOption(int universe, uint16_t code, const uint8_t* data, size_t size) {
    if (size) {
        PYKEA_REQUIRE_ARG(data);
    }
    Option::Universe kea_universe;
    if (universe == PYKEA_UNIVERSE_V4) {
        kea_universe = Option::V4;
        if (code == 0 || code > 254) {
            fail(PYKEA_INVALID_ARGUMENT, "a DHCPv4 option code must be 1 to 254, not " +
                 std::to_string(code));
        }
        if (size > 255) {
            fail(PYKEA_INVALID_ARGUMENT, "a DHCPv4 option carries at most 255 bytes, not " +
                 std::to_string(size));
        }
    } else if (universe == PYKEA_UNIVERSE_V6) {
        kea_universe = Option::V6;
    } else {
        fail(PYKEA_INVALID_ARGUMENT, "universe must be 4 or 6, not " + std::to_string(universe));
    }
    return (boost::make_shared<Option>(kea_universe, code,
                                       isc::dhcp::OptionBuffer(data, data + size)));
}

}  // namespace pykea

extern "C" {

pykea_status pykea_option_new(int universe, uint16_t code, const uint8_t* data, size_t size,
                              pykea_option** option) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(option);
        *option = adopt<pykea_option>(makeOption(universe, code, data, size));
    }));
}

pykea_status pykea_option_free(pykea_option* option) {
    return (freeHandle(option));
}

pykea_status pykea_option_code(pykea_option* option, uint16_t* code) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(code);
        *code = optionOf(option).getType();
    }));
}

pykea_status pykea_option_universe(pykea_option* option, int* universe) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(universe);
        *universe = optionOf(option).getUniverse() == Option::V4 ? PYKEA_UNIVERSE_V4
                                                                  : PYKEA_UNIVERSE_V6;
    }));
}

pykea_status pykea_option_get_data(pykea_option* option, const uint8_t** data, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        // toBinary() asks the option subclass to serialise its value, so typed options
        // (OptionInt, OptionString, OptionCustom, ...) give their bytes too.
        *data = threadBytes(optionOf(option).toBinary(false), size);
    }));
}

pykea_status pykea_option_set_data(pykea_option* option, const uint8_t* data, size_t size) {
    return (guarded([&] {
        if (size) {
            PYKEA_REQUIRE_ARG(data);
        }
        Option& target = optionOf(option);
        if (typeid(target) != typeid(Option)) {
            fail(PYKEA_UNSUPPORTED, "option " + std::to_string(target.getType()) +
                 " is a typed option; replace it with a new Option instead of changing its bytes");
        }
        target.setData(data, data + size);
    }));
}

pykea_status pykea_option_wire(pykea_option* option, const uint8_t** data, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        *data = threadBytes(optionOf(option).toBinary(true), size);
    }));
}

pykea_status pykea_option_text(pykea_option* option, const char** text) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(text);
        *text = threadText(optionOf(option).toText());
    }));
}

pykea_status pykea_option_get_sub(pykea_option* option, uint16_t code, pykea_option** sub) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(sub);
        *sub = nullptr;
        OptionPtr found = optionOf(option).getOption(code);
        if (!found) {
            fail(PYKEA_NOT_FOUND, "the option has no sub-option " + std::to_string(code));
        }
        *sub = adopt<pykea_option>(found);
    }));
}

pykea_status pykea_option_add_sub(pykea_option* option, pykea_option* sub) {
    return (guarded([&] {
        optionOf(option).addOption(checked(sub, "sub").option->clone());
    }));
}

pykea_status pykea_option_del_sub(pykea_option* option, uint16_t code, int* deleted) {
    return (guarded([&] {
        bool done = optionOf(option).delOption(code);
        if (deleted) {
            *deleted = done;
        }
    }));
}

pykea_status pykea_option_sub_codes(pykea_option* option, uint16_t* codes, size_t capacity,
                                    size_t* count) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(count);
        size_t index = 0;
        for (const auto& entry : optionOf(option).getOptions()) {
            if (codes && index < capacity) {
                codes[index] = entry.first;
            }
            ++index;
        }
        *count = index;
    }));
}

}  // extern "C"
