// The statistics calls of pykea.h: Kea's StatsMgr, whose observations the statistic-get and
// statistic-get-all control commands report.
#include "args.h"
#include "compat.h"
#include "errors.h"

#include <cc/data.h>
#include <stats/stats_mgr.h>

#include <chrono>

using namespace pykea;
using isc::stats::Observation;
using isc::stats::ObservationPtr;
using isc::stats::StatsMgr;

namespace {

std::string nameOf(const char* name) {
    requireNonNull(name, "statistic name");
    if (*name == '\0') {
        fail(PYKEA_INVALID_ARGUMENT, "a statistic needs a name");
    }
    return (name);
}

int64_t keaValue(int64_t value) { return (value); }
double keaValue(double value) { return (value); }

std::string keaValue(const char* value) {
    PYKEA_REQUIRE_ARG(value);
    return (value);
}

// Kea's observations keep one type: adding a float to an integer statistic throws
// InvalidStatType, whose text says so.
template <typename Value>
pykea_status record(const char* name, Value value, bool add) {
    return (guarded([&] {
        std::string statistic = nameOf(name);
        if (add) {
            StatsMgr::instance().addValue(statistic, keaValue(value));
        } else {
            StatsMgr::instance().setValue(statistic, keaValue(value));
        }
    }));
}

}  // namespace

extern "C" {

// int64_t explicitly: a plain int is ambiguous between the int64_t, double and (2.6+) int128
// overloads.
pykea_status pykea_stats_set_int(const char* name, int64_t value) {
    return (record(name, value, false));
}

pykea_status pykea_stats_add_int(const char* name, int64_t value) {
    return (record(name, value, true));
}

pykea_status pykea_stats_set_float(const char* name, double value) {
    return (record(name, value, false));
}

pykea_status pykea_stats_add_float(const char* name, double value) {
    return (record(name, value, true));
}

pykea_status pykea_stats_set_string(const char* name, const char* value) {
    return (record(name, value, false));
}

pykea_status pykea_stats_add_string(const char* name, const char* value) {
    return (record(name, value, true));
}

pykea_status pykea_stats_get(const char* name, int* type, int64_t* integer, double* real,
                             const char** text) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(type);
        PYKEA_REQUIRE_ARG(integer);
        PYKEA_REQUIRE_ARG(real);
        PYKEA_REQUIRE_ARG(text);
        std::string statistic = nameOf(name);
        ObservationPtr observation = StatsMgr::instance().getObservation(statistic);
        if (!observation) {
            fail(PYKEA_NOT_FOUND, "no statistic named '" + statistic + "'");
        }
        std::string big;
        if (compat::observationIsBigInteger(*observation, big)) {
            *type = PYKEA_STAT_BIG_INTEGER;
            *text = threadText(std::move(big));
            return;
        }
        switch (observation->getType()) {
        case Observation::STAT_INTEGER:
            *type = PYKEA_STAT_INTEGER;
            *integer = observation->getInteger().first;
            return;
        case Observation::STAT_FLOAT:
            *type = PYKEA_STAT_FLOAT;
            *real = observation->getFloat().first;
            return;
        case Observation::STAT_DURATION:
            *type = PYKEA_STAT_DURATION;
            *real = std::chrono::duration<double>(observation->getDuration().first).count();
            return;
        case Observation::STAT_STRING:
            *type = PYKEA_STAT_STRING;
            *text = threadText(observation->getString().first);
            return;
        default:
            fail(PYKEA_UNSUPPORTED, "statistic '" + statistic + "' has a type pykea does not know");
        }
    }));
}

pykea_status pykea_stats_get_all(const char** json) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(json);
        *json = threadText(StatsMgr::instance().getAll()->str());
    }));
}

pykea_status pykea_stats_delete(const char* name, int* deleted) {
    return (guarded([&] {
        PYKEA_REQUIRE_ARG(deleted);
        *deleted = StatsMgr::instance().del(nameOf(name));
    }));
}

}  // extern "C"
