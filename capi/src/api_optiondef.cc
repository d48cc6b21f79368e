// The option definition calls of pykea.h: finding Kea's definitions (standard, vendor, runtime
// from the server's option-def, last resort), making options from text values the way Kea's
// configuration parser does, reading an option's fields back through a definition, and vendor
// options (OptionVendor).
#include "args.h"
#include "compat.h"
#include "errors.h"
#include "handles.h"

#include <dhcp/libdhcp++.h>
#include <dhcp/option_custom.h>
#include <dhcp/option_data_types.h>
#include <dhcp/option_definition.h>
#include <dhcp/option_vendor.h>

#include <map>
#include <string>
#include <vector>

using namespace pykea;
using isc::dhcp::LibDHCP;
using isc::dhcp::Option;
using isc::dhcp::OptionBuffer;
using isc::dhcp::OptionCustom;
using isc::dhcp::OptionDataType;
using isc::dhcp::OptionDataTypeUtil;
using isc::dhcp::OptionDefinition;
using isc::dhcp::OptionDefinitionPtr;
using isc::dhcp::OptionPtr;
using isc::dhcp::OptionVendor;

struct pykea_option_def : pykea::Tracked {
    explicit pykea_option_def(OptionDefinitionPtr d) : def(std::move(d)) {}
    boost::shared_ptr<void> takeReference() override { return (std::move(def)); }
    OptionDefinitionPtr def;
};

// An option's data split into the fields of a definition (OptionCustom keeps its definition
// private, so the handle keeps it too).
struct pykea_option_fields : pykea::Tracked {
    pykea_option_fields(boost::shared_ptr<OptionCustom> c, OptionDefinitionPtr d)
        : custom(std::move(c)), def(std::move(d)) {}
    boost::shared_ptr<void> takeReference() override {
        def.reset();
        return (std::move(custom));
    }
    boost::shared_ptr<OptionCustom> custom;
    OptionDefinitionPtr def;
};

namespace {

const std::string VENDOR_PREFIX = "vendor-";

const OptionDefinition& defOf(pykea_option_def* handle) {
    return (*checked(handle, "option definition").def);
}

Option::Universe keaUniverse(int universe) {
    if (universe == PYKEA_UNIVERSE_V4) {
        return (Option::V4);
    }
    if (universe == PYKEA_UNIVERSE_V6) {
        return (Option::V6);
    }
    fail(PYKEA_INVALID_ARGUMENT, "universe must be 4 or 6, not " + std::to_string(universe));
}

// The enterprise id of a "vendor-<id>" space, or false for any other space.
bool vendorSpace(const std::string& space, uint32_t& id) {
    if (space.compare(0, VENDOR_PREFIX.size(), VENDOR_PREFIX) != 0) {
        return (false);
    }
    const std::string digits = space.substr(VENDOR_PREFIX.size());
    if (digits.empty() || digits.size() > 10 ||
        digits.find_first_not_of("0123456789") != std::string::npos ||
        std::stoull(digits) > UINT32_MAX) {
        return (false);
    }
    id = static_cast<uint32_t>(std::stoull(digits));
    return (true);
}

// Kea's definition for (space, key), looked up as the server does when it parses a packet:
// the standard (or vendor) definitions, then the server's option-def (runtime) ones, then the
// last-resort ones. Key is a code or a name.
template <typename Key>
OptionDefinitionPtr findDef(Option::Universe universe, const std::string& space, const Key& key) {
    OptionDefinitionPtr def;
    uint32_t vendor_id = 0;
    if (vendorSpace(space, vendor_id)) {
        def = LibDHCP::getVendorOptionDef(universe, vendor_id, key);
    } else {
        def = LibDHCP::getOptionDef(space, key);
    }
    if (!def) {
        def = LibDHCP::getRuntimeOptionDef(space, key);
    }
    if (!def) {
        def = LibDHCP::getLastResortOptionDef(space, key);
    }
    if (!def) {
        def = compat::missingStandardOptionDef(space, key);
    }
    return (def);
}

std::string typeName(OptionDataType type) {
    return (OptionDataTypeUtil::getDataTypeName(type));
}

// "uint8", "ipv4-address array", "record (uint16, string)", as the error messages show them.
std::string describe(const OptionDefinition& def) {
    std::string text = typeName(def.getType());
    if (def.getType() == isc::dhcp::OPT_RECORD_TYPE) {
        text += " (";
        for (size_t i = 0; i < def.getRecordFields().size(); ++i) {
            text += (i ? ", " : "") + typeName(def.getRecordFields()[i]);
        }
        text += ")";
    }
    if (def.getArrayType()) {
        text += " array";
    }
    return (text);
}

std::string label(const OptionDefinition& def) {
    return ("option " + def.getName() + " (code " + std::to_string(def.getCode()) + ", space " +
            def.getOptionSpaceName() + ", " + describe(def) + ")");
}

// Kea's factory ignores values beyond the fields a definition has; say so instead.
void checkValueCount(const OptionDefinition& def, size_t count) {
    const bool record = def.getType() == isc::dhcp::OPT_RECORD_TYPE;
    size_t fields = record ? def.getRecordFields().size()
                           : (def.getType() == isc::dhcp::OPT_EMPTY_TYPE ? 0 : 1);
    bool fits = def.getArrayType() ? count >= (record ? fields : 0) : count == fields;
    if (!fits) {
        fail(PYKEA_INVALID_ARGUMENT, label(def) + " takes " +
             (def.getArrayType() ? "at least " : "exactly ") + std::to_string(fields) +
             " value(s), not " + std::to_string(count));
    }
}

// The option's own data, without its sub-options, as the definition's fields expect it.
OptionBuffer fieldBytes(const Option& option) {
    if (option.getOptions().empty()) {
        return (option.toBinary(false));
    }
    OptionPtr copy = option.clone();
    copy->getMutableOptions().clear();
    return (copy->toBinary(false));
}

// The type of field ``index``: a record's field (its last one repeats in a record array), or
// the definition's type.
OptionDataType fieldType(const OptionDefinition& def, size_t index) {
    if (def.getType() != isc::dhcp::OPT_RECORD_TYPE) {
        return (def.getType());
    }
    const auto& fields = def.getRecordFields();
    return (fields[std::min(index, fields.size() - 1)]);
}

std::vector<uint8_t> textBytes(const std::string& text) {
    return (std::vector<uint8_t>(text.begin(), text.end()));
}

// Field ``index`` as Kea's configuration writes it (binary: the bytes themselves).
std::vector<uint8_t> readField(const OptionCustom& custom, OptionDataType type, uint32_t index) {
    using namespace isc::dhcp;
    switch (type) {
    case OPT_BINARY_TYPE:
        return (custom.readBinary(index));
    case OPT_BOOLEAN_TYPE:
        return (textBytes(custom.readBoolean(index) ? "true" : "false"));
    case OPT_INT8_TYPE:
        return (textBytes(std::to_string(custom.readInteger<int8_t>(index))));
    case OPT_INT16_TYPE:
        return (textBytes(std::to_string(custom.readInteger<int16_t>(index))));
    case OPT_INT32_TYPE:
        return (textBytes(std::to_string(custom.readInteger<int32_t>(index))));
    case OPT_UINT8_TYPE:
        return (textBytes(std::to_string(custom.readInteger<uint8_t>(index))));
    case OPT_UINT16_TYPE:
        return (textBytes(std::to_string(custom.readInteger<uint16_t>(index))));
    case OPT_UINT32_TYPE:
        return (textBytes(std::to_string(custom.readInteger<uint32_t>(index))));
    case OPT_ANY_ADDRESS_TYPE:
    case OPT_IPV4_ADDRESS_TYPE:
    case OPT_IPV6_ADDRESS_TYPE:
        return (textBytes(custom.readAddress(index).toText()));
    case OPT_IPV6_PREFIX_TYPE: {
        PrefixTuple prefix = custom.readPrefix(index);
        return (textBytes(prefix.second.toText() + "/" +
                          std::to_string(prefix.first.asUint8())));
    }
    case OPT_PSID_TYPE: {
        PSIDTuple psid = custom.readPsid(index);
        return (textBytes(std::to_string(psid.second.asUint16()) + "/" +
                          std::to_string(psid.first.asUint8())));
    }
    case OPT_STRING_TYPE:
        return (textBytes(custom.readString(index)));
    case OPT_TUPLE_TYPE:
        return (textBytes(custom.readTuple(index)));
    case OPT_FQDN_TYPE:
        return (textBytes(custom.readFqdn(index)));
    default:
        fail(PYKEA_UNSUPPORTED, "pykea cannot read fields of type " + typeName(type) +
             "; read the option's data instead");
    }
}

OptionDataType dataType(const char* name, const char* what) {
    requireNonNull(name, what);
    OptionDataType type = OptionDataTypeUtil::getDataType(name);
    if (type == isc::dhcp::OPT_UNKNOWN_TYPE) {
        fail(PYKEA_INVALID_ARGUMENT, std::string("unknown option data type '") + name +
             "'; use one of empty, binary, boolean, int8, int16, int32, uint8, uint16, uint32, "
             "ipv4-address, ipv6-address, ipv6-prefix, psid, string, tuple, fqdn, record");
    }
    return (type);
}

}  // namespace

extern "C" {

pykea_status pykea_option_def_find(int universe, const char* space, const char* name,
                                   uint16_t code, pykea_option_def** def) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(space);
        PYKEA_REQUIRE_ARG(def);
        *def = nullptr;
        Option::Universe kea_universe = keaUniverse(universe);
        OptionDefinitionPtr found = name ? findDef(kea_universe, space, std::string(name))
                                         : findDef(kea_universe, space, code);
        if (!found) {
            std::string what = name ? std::string("named '") + name + "'"
                                    : "with code " + std::to_string(code);
            fail(PYKEA_NOT_FOUND, "no option definition " + what + " in option space '" + space +
                 "' (standard, vendor, option-def or last resort); check the name and space, "
                 "or define it with option-def in the server configuration");
        }
        *def = adopt<pykea_option_def>(found);
    }));
}

pykea_status pykea_option_def_standard(const char* space, const char** text) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(space);
        PYKEA_REQUIRE_ARG(text);
        std::map<uint16_t, std::string> names;
        for (const OptionDefinitionPtr& def : *LibDHCP::getOptionDefs(space)) {
            names.emplace(def->getCode(), def->getName());
        }
        std::string lines;
        for (const auto& [code, name] : names) {
            lines += std::to_string(code) + " " + name + "\n";
        }
        *text = threadText(lines);
    }));
}

pykea_status pykea_option_def_new(const char* name, uint16_t code, const char* space,
                                  const char* type, int array, const char* record_types,
                                  const char* encapsulated_space, pykea_option_def** def) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(name);
        PYKEA_REQUIRE_ARG(space);
        PYKEA_REQUIRE_ARG(def);
        OptionDataType data_type = dataType(type, "type");
        std::string encapsulated = encapsulated_space ? encapsulated_space : "";
        OptionDefinitionPtr made;
        if (encapsulated.empty()) {
            made = boost::make_shared<OptionDefinition>(name, code, space, data_type, array != 0);
        } else if (array) {
            fail(PYKEA_INVALID_ARGUMENT, "an array option cannot encapsulate an option space");
        } else {
            made = boost::make_shared<OptionDefinition>(name, code, space, data_type,
                                                        encapsulated.c_str());
        }
        std::string fields = record_types ? record_types : "";
        if ((data_type == isc::dhcp::OPT_RECORD_TYPE) != !fields.empty()) {
            fail(PYKEA_INVALID_ARGUMENT, "record field types are given for type record, "
                 "and only for it");
        }
        size_t start = 0;
        while (start < fields.size()) {
            size_t end = fields.find('\n', start);
            std::string field = fields.substr(start, end == std::string::npos ? end : end - start);
            made->addRecordField(dataType(field.c_str(), "record field type"));
            start = end == std::string::npos ? fields.size() : end + 1;
        }
        try {
            made->validate();
        } catch (const std::exception& e) {
            fail(PYKEA_INVALID_ARGUMENT, std::string("invalid option definition: ") + e.what());
        }
        *def = adopt<pykea_option_def>(made);
    }));
}

pykea_status pykea_option_def_free(pykea_option_def* def) {
    return (freeHandle(def));
}

pykea_status pykea_option_def_code(pykea_option_def* def, uint16_t* code, int* array) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(code);
        PYKEA_REQUIRE_ARG(array);
        *code = defOf(def).getCode();
        *array = defOf(def).getArrayType();
    }));
}

pykea_status pykea_option_def_text(pykea_option_def* def, int field, const char** text) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(text);
        const OptionDefinition& found = defOf(def);
        std::string value;
        switch (field) {
        case PYKEA_OPTION_DEF_NAME:
            value = found.getName();
            break;
        case PYKEA_OPTION_DEF_SPACE:
            value = found.getOptionSpaceName();
            break;
        case PYKEA_OPTION_DEF_TYPE:
            value = typeName(found.getType());
            break;
        case PYKEA_OPTION_DEF_RECORD_TYPES:
            for (size_t i = 0; i < found.getRecordFields().size(); ++i) {
                value += (i ? "\n" : "") + typeName(found.getRecordFields()[i]);
            }
            break;
        case PYKEA_OPTION_DEF_ENCAPSULATED_SPACE:
            value = found.getEncapsulatedSpace();
            break;
        default:
            fail(PYKEA_INVALID_ARGUMENT, "unknown option definition text field " +
                 std::to_string(field));
        }
        *text = threadText(value);
    }));
}

pykea_status pykea_option_def_create(pykea_option_def* def, int universe,
                                     const char* const* values, size_t count,
                                     pykea_option** option) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(option);
        if (count) {
            PYKEA_REQUIRE_ARG(values);
        }
        const OptionDefinition& found = defOf(def);
        checkValueCount(found, count);
        std::vector<std::string> texts;
        for (size_t i = 0; i < count; ++i) {
            requireNonNull(values[i], "value");
            texts.emplace_back(values[i]);
        }
        OptionPtr made;
        try {
            made = found.optionFactory(keaUniverse(universe), found.getCode(), texts);
        } catch (const ApiError&) {
            throw;
        } catch (const std::exception& e) {
            fail(PYKEA_INVALID_ARGUMENT, "bad value for " + label(found) + ": " + e.what());
        }
        *option = adopt<pykea_option>(made);
    }));
}

pykea_status pykea_option_def_parse(pykea_option_def* def, pykea_option* option,
                                    pykea_option_fields** fields) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(fields);
        const OptionDefinition& found = defOf(def);
        const Option& source = *checked(option, "option").option;
        boost::shared_ptr<OptionCustom> parsed;
        try {
            parsed = boost::make_shared<OptionCustom>(found, source.getUniverse(),
                                                      fieldBytes(source));
        } catch (const std::exception& e) {
            fail(PYKEA_INVALID_ARGUMENT, "option " + std::to_string(source.getType()) +
                 " does not hold the fields of " + label(found) + ": " + e.what());
        }
        *fields = adopt<pykea_option_fields>(parsed, checked(def, "option definition").def);
    }));
}

pykea_status pykea_option_fields_free(pykea_option_fields* fields) {
    return (freeHandle(fields));
}

pykea_status pykea_option_fields_count(pykea_option_fields* fields, size_t* count) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(count);
        *count = checked(fields, "fields").custom->getDataFieldsNum();
    }));
}

pykea_status pykea_option_fields_get(pykea_option_fields* fields, size_t index, const char** type,
                                     const uint8_t** data, size_t* size) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(type);
        PYKEA_REQUIRE_ARG(data);
        PYKEA_REQUIRE_ARG(size);
        pykea_option_fields& parsed = checked(fields, "fields");
        const OptionCustom& custom = *parsed.custom;
        if (index >= custom.getDataFieldsNum()) {
            fail(PYKEA_NOT_FOUND, "the option has " + std::to_string(custom.getDataFieldsNum()) +
                 " fields, not " + std::to_string(index + 1));
        }
        OptionDataType field_type = fieldType(*parsed.def, index);
        *data = threadBytes(readField(custom, field_type, static_cast<uint32_t>(index)), size);
        *type = threadText(typeName(field_type));
    }));
}

pykea_status pykea_option_sub_space(pykea_option* option, const char* space, const char** sub_space) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(space);
        PYKEA_REQUIRE_ARG(sub_space);
        const Option& found = *checked(option, "option").option;
        std::string result;
        if (const OptionVendor* vendor = dynamic_cast<const OptionVendor*>(&found)) {
            result = VENDOR_PREFIX + std::to_string(vendor->getVendorId());
        } else if (!found.getEncapsulatedSpace().empty()) {
            result = found.getEncapsulatedSpace();
        } else if (OptionDefinitionPtr def = findDef(found.getUniverse(), space, found.getType())) {
            result = def->getEncapsulatedSpace();
        }
        *sub_space = threadText(result);
    }));
}

pykea_status pykea_option_vendor_new(int universe, uint32_t enterprise_id, pykea_option** option) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(option);
        *option = adopt<pykea_option>(boost::make_shared<OptionVendor>(keaUniverse(universe),
                                                                       enterprise_id));
    }));
}

pykea_status pykea_option_vendor_id(pykea_option* option, uint32_t* enterprise_id) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(enterprise_id);
        const OptionVendor* vendor =
            dynamic_cast<const OptionVendor*>(checked(option, "option").option.get());
        if (!vendor) {
            fail(PYKEA_WRONG_TYPE, "option " + std::to_string(checked(option, "option").option->getType()) +
                 " is not a vendor option (DHCPv4 125 or DHCPv6 17 as Kea parses them); "
                 "make one with Option.vendor()");
        }
        *enterprise_id = vendor->getVendorId();
    }));
}

}  // extern "C"
