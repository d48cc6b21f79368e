// location.hh -- stands in for the bison header Kea's eval/parser.h includes ("location.hh"),
// which Debian's kea-dev does not install. pykea reaches eval/parser.h only through
// dhcpsrv/parsers/client_class_def_parser.h and never uses the expression parser's symbols, so
// it needs the two types to be complete, nothing more; their layout follows bison's (a position
// is a file name, a line and a column; a location two positions). CMakeLists.txt adds this
// directory to the include path only where Kea's own location.hh is missing.
#ifndef PYKEA_KEA_MISSING_LOCATION_HH
#define PYKEA_KEA_MISSING_LOCATION_HH

#include <string>

namespace isc {
namespace eval {

class position {
public:
    typedef const std::string filename_type;
    typedef int counter_type;
    filename_type* filename = nullptr;
    counter_type line = 1;
    counter_type column = 1;
};

class location {
public:
    typedef position::filename_type filename_type;
    typedef position::counter_type counter_type;
    position begin;
    position end;
};

}  // namespace eval
}  // namespace isc

#endif
