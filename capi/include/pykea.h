/*
 * pykea.h -- the flat C surface of the Kea hooks API that pykea's Python layer binds with cffi.
 *
 * This header is the single source of truth: the C++ shim compiles against it and the build
 * extracts the text between PYKEA_CDEF_BEGIN and PYKEA_CDEF_END as the cffi cdef, so that part
 * holds plain declarations only (no macros, no conditionals).
 *
 * Conventions
 * - Every function returns a pykea_status; results come back through out-parameters.
 * - On failure, pykea_last_error() gives the reason for the failing call on this thread.
 * - Handles returned through an out-parameter are owned by the caller and released with the
 *   free function of their type (pykea_pkt_free, pykea_option_free, ...). They hold a reference
 *   to the Kea object, so they stay valid after the callout returns, until pykea_detach_all().
 * - pykea_callout_handle and pykea_library_handle are Kea's own objects, lent for the duration
 *   of a callout or of load(): never free them and never keep them.
 * - Text and bytes come back as pointers into a per-thread buffer that stays valid until the
 *   next pykea call on the same thread: copy them at once.
 * - IPv4 addresses are uint32_t in host byte order; any address is a pykea_address.
 * - Not found, one rule: a lookup of one object (an option by code, a subnet by id, a host, a
 *   statistic, ...) that finds nothing answers PYKEA_NOT_FOUND and sets its out-pointer to NULL;
 *   a query for many (a list, '\n'-joined names, option codes) answers PYKEA_OK with an empty
 *   result. A callout argument that Kea passed as a null pointer is not a lookup: its getter
 *   answers PYKEA_OK with a NULL handle.
 * - The line above each function lists the statuses it answers, read from its implementation.
 *   Besides those, any call answers PYKEA_ERROR when Kea throws (or memory runs out).
 * - Every number with a meaning is an enum here (pykea_lease_type, pykea_identifier_type,
 *   pykea_park_state, ...): an int type, id_type, state, order or which takes one of them.
 */
#ifndef PYKEA_H
#define PYKEA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* PYKEA_CDEF_BEGIN */

typedef enum {
    PYKEA_OK = 0,
    PYKEA_ERROR = 1,             /* Kea raised an error; see pykea_last_error() */
    PYKEA_NOT_FOUND = 2,         /* no such argument, option, context, lease, ... */
    PYKEA_WRONG_TYPE = 3,        /* the argument exists with another type */
    PYKEA_INVALID_ARGUMENT = 4,  /* a value the call cannot accept */
    PYKEA_UNSUPPORTED = 5,       /* this Kea version does not have it */
    PYKEA_DETACHED = 6           /* the handle was released by pykea_detach_all() */
} pykea_status;

typedef enum {
    PYKEA_NEXT_STEP_CONTINUE = 0,
    PYKEA_NEXT_STEP_SKIP = 1,
    PYKEA_NEXT_STEP_DROP = 2,
    PYKEA_NEXT_STEP_PARK = 3
} pykea_next_step;

typedef enum {
    PYKEA_LOG_DEBUG = 0,
    PYKEA_LOG_INFO = 1,
    PYKEA_LOG_WARN = 2,
    PYKEA_LOG_ERROR = 3,
    PYKEA_LOG_FATAL = 4
} pykea_log_severity;

typedef enum {
    PYKEA_UNIVERSE_V4 = 4,
    PYKEA_UNIVERSE_V6 = 6
} pykea_universe;

typedef struct {
    int family;              /* 4 or 6 */
    uint8_t bytes[16];       /* network byte order; IPv4 uses the first 4 */
} pykea_address;

typedef struct pykea_callout_handle pykea_callout_handle;   /* lent by Kea */
typedef struct pykea_library_handle pykea_library_handle;   /* lent by Kea */
typedef struct pykea_pkt pykea_pkt;                         /* owned: pykea_pkt_free */
typedef struct pykea_option pykea_option;                   /* owned: pykea_option_free */
typedef struct pykea_lease pykea_lease;                     /* owned: pykea_lease_free */
typedef struct pykea_lease_list pykea_lease_list;           /* owned: pykea_lease_list_free */
typedef struct pykea_testing_handle pykea_testing_handle;   /* owned: pykea_testing_handle_free */

/* A callout as Kea calls it: int (*)(CalloutHandle&). */
typedef int (*pykea_callout_fn)(pykea_callout_handle *handle);
/* Called when Kea destroys a callout handle that carries a context token. */
typedef void (*pykea_context_release_fn)(uint64_t token);

/* ---- library ---------------------------------------------------------------------------- */
const char *pykea_last_error(void);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_kea_version(const char **text);      /* e.g. "3.0.4" */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_kea_hooks_version(int *version);     /* KEA_HOOKS_VERSION, e.g. 30004 */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_library_path(const char **path);     /* the file this library was loaded from */
/* ':'-joined directories the hook loads Python code from, as built (pykea.trust adds
 * $PYKEA_ALLOWED_DIRS). */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_default_allowed_dirs(const char **dirs);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_feature_names(const char **names);     /* '\n'-joined */
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT
pykea_status pykea_feature_available(const char *name, int *available, const char **reason);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_live_handles(uint64_t *count);       /* owned handles not yet freed */
// PYKEA_OK
pykea_status pykea_detach_all(uint64_t *released);      /* drop every owned handle's reference */

/* ---- logging through Kea's logger "pykea" (kea-dhcp4.pykea / kea-dhcp6.pykea) ------------- */
/* Logs under a message ID of pykea's catalogue (capi/src/pykea_messages.mes) with text as its
   %1; message_id NULL is PYKEA_PYTHON_LOG, a hook's own record: "logger_name: text". */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_log(int severity, int debug_level, const char *message_id,
                       const char *logger_name, const char *text);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_log_enabled(int severity, int debug_level, int *enabled);

/* ---- library handle (lent during load and command registration) -------------------------- */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_library_parameters(pykea_library_handle *library, const char **json);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_library_register_callout(pykea_library_handle *library, const char *hook,
                                            pykea_callout_fn callout);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_library_deregister_callout(pykea_library_handle *library, const char *hook,
                                              pykea_callout_fn callout, int *removed);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_library_register_command(pykea_library_handle *library, const char *command,
                                            pykea_callout_fn handler);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_hook_exists(const char *hook, int *exists);

/* ---- callout handle: status, context, arguments ------------------------------------------ */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_status(pykea_callout_handle *handle, int *next_step);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_set_status(pykea_callout_handle *handle, int next_step);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_hook_name(pykea_callout_handle *handle, const char **name);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_argument_names(pykea_callout_handle *handle, const char **names); /* '\n'-joined */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_delete_argument(pykea_callout_handle *handle, const char *name);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_context_token(pykea_callout_handle *handle, uint64_t *token);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_set_context_token(pykea_callout_handle *handle, uint64_t token);
// PYKEA_OK
pykea_status pykea_set_context_release(pykea_context_release_fn release);

/* Typed arguments. The type must be the one Kea passes at this hook point for this version. */
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_pkt4(pykea_callout_handle *handle, const char *name, pykea_pkt **pkt);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_handle_set_pkt4(pykea_callout_handle *handle, const char *name, pykea_pkt *pkt);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_lease4(pykea_callout_handle *handle, const char *name, pykea_lease **lease);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_handle_set_lease4(pykea_callout_handle *handle, const char *name, pykea_lease *lease);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_lease4_list(pykea_callout_handle *handle, const char *name,
                                          pykea_lease_list **leases);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_bool(pykea_callout_handle *handle, const char *name, int *value);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_set_bool(pykea_callout_handle *handle, const char *name, int value);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_uint32(pykea_callout_handle *handle, const char *name, uint32_t *value);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_set_uint32(pykea_callout_handle *handle, const char *name, uint32_t value);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_string(pykea_callout_handle *handle, const char *name, const char **value);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_set_string(pykea_callout_handle *handle, const char *name, const char *value);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_bytes(pykea_callout_handle *handle, const char *name,
                                    const uint8_t **data, size_t *size);      /* vector<uint8_t> */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_set_bytes(pykea_callout_handle *handle, const char *name,
                                    const uint8_t *data, size_t size);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_id_type(pykea_callout_handle *handle, const char *name, int *value);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_set_id_type(pykea_callout_handle *handle, const char *name, int value);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_hwaddr(pykea_callout_handle *handle, const char *name, int *htype,
                                     const uint8_t **data, size_t *size);     /* HWAddrPtr */
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_client_id(pykea_callout_handle *handle, const char *name,
                                        const uint8_t **data, size_t *size);  /* ClientIdPtr */
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_json(pykea_callout_handle *handle, const char *name, const char **json);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_set_json(pykea_callout_handle *handle, const char *name, const char *json);

/* ---- packets (Pkt4; Pkt6 shares the pykea_pkt_* calls) ----------------------------------- */
typedef enum {
    PYKEA_PKT_TYPE = 0, PYKEA_PKT_TRANSID = 1, PYKEA_PKT_LOCAL_PORT = 2, PYKEA_PKT_REMOTE_PORT = 3,
    PYKEA_PKT_IFINDEX = 4, PYKEA_PKT4_OP = 10, PYKEA_PKT4_HOPS = 11, PYKEA_PKT4_SECS = 12,
    PYKEA_PKT4_FLAGS = 13, PYKEA_PKT4_HTYPE = 14, PYKEA_PKT4_HLEN = 15
} pykea_pkt_int_field;

typedef enum {
    PYKEA_PKT_LOCAL_ADDR = 0, PYKEA_PKT_REMOTE_ADDR = 1, PYKEA_PKT4_CIADDR = 10,
    PYKEA_PKT4_YIADDR = 11, PYKEA_PKT4_SIADDR = 12, PYKEA_PKT4_GIADDR = 13
} pykea_pkt_addr_field;

// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_pkt4_new(uint8_t message_type, uint32_t transid, pykea_pkt **pkt);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_pkt4_from_wire(const uint8_t *data, size_t size, pykea_pkt **pkt);
// PYKEA_OK
pykea_status pykea_pkt_free(pykea_pkt *pkt);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_universe(pykea_pkt *pkt, int *universe);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_same(pykea_pkt *a, pykea_pkt *b, int *same);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_get_int(pykea_pkt *pkt, int field, int64_t *value);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_set_int(pykea_pkt *pkt, int field, int64_t value);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_get_addr(pykea_pkt *pkt, int field, pykea_address *address);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_set_addr(pykea_pkt *pkt, int field, const pykea_address *address);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_get_iface(pykea_pkt *pkt, const char **name);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_set_iface(pykea_pkt *pkt, const char *name);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_get_option(pykea_pkt *pkt, uint16_t code, pykea_option **option);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_add_option(pykea_pkt *pkt, pykea_option *option);   /* adds a copy */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_del_option(pykea_pkt *pkt, uint16_t code, int *deleted);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_option_codes(pykea_pkt *pkt, uint16_t *codes, size_t capacity, size_t *count);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_in_class(pykea_pkt *pkt, const char *name, int *member);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_add_class(pykea_pkt *pkt, const char *name);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_classes(pykea_pkt *pkt, const char **names);       /* '\n'-joined */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_pack(pykea_pkt *pkt);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_unpack(pykea_pkt *pkt);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_wire(pykea_pkt *pkt, const uint8_t **data, size_t *size);  /* after pack */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_raw(pykea_pkt *pkt, const uint8_t **data, size_t *size);   /* as received */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_text(pykea_pkt *pkt, const char **text);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_label(pykea_pkt *pkt, const char **label);
typedef enum { PYKEA_PKT_LOCAL_HWADDR = 0, PYKEA_PKT_REMOTE_HWADDR = 1 } pykea_pkt_link_hwaddr;
/* The link-layer addresses Kea's packet filter recorded (Pkt::getLocalHWAddr/getRemoteHWAddr);
   NOT_FOUND (data NULL) when it recorded none, e.g. for a response not yet sent. */
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_get_link_hwaddr(pykea_pkt *pkt, int which, int *htype, const uint8_t **data,
                                       size_t *size);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt4_get_hwaddr(pykea_pkt *pkt, int *htype, const uint8_t **data, size_t *size);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt4_set_hwaddr(pykea_pkt *pkt, int htype, const uint8_t *data, size_t size);
typedef enum { PYKEA_PKT4_SNAME = 0, PYKEA_PKT4_FILE = 1 } pykea_pkt4_header_field;
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt4_get_header_bytes(pykea_pkt *pkt, int which, const uint8_t **data, size_t *size);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt4_set_header_bytes(pykea_pkt *pkt, int which, const uint8_t *data, size_t size);

/* ---- options ----------------------------------------------------------------------------- */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_option_new(int universe, uint16_t code, const uint8_t *data, size_t size,
                              pykea_option **option);
// PYKEA_OK
pykea_status pykea_option_free(pykea_option *option);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option_code(pykea_option *option, uint16_t *code);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option_universe(pykea_option *option, int *universe);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option_get_data(pykea_option *option, const uint8_t **data, size_t *size);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_option_set_data(pykea_option *option, const uint8_t *data, size_t size);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option_wire(pykea_option *option, const uint8_t **data, size_t *size);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option_text(pykea_option *option, const char **text);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option_get_sub(pykea_option *option, uint16_t code, pykea_option **sub);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option_add_sub(pykea_option *option, pykea_option *sub);   /* adds a copy */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option_del_sub(pykea_option *option, uint16_t code, int *deleted);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option_sub_codes(pykea_option *option, uint16_t *codes, size_t capacity, size_t *count);

/* ---- leases ------------------------------------------------------------------------------ */
typedef enum {
    PYKEA_LEASE_VALID_LFT = 0, PYKEA_LEASE_CLTT = 1, PYKEA_LEASE_SUBNET_ID = 2,
    PYKEA_LEASE_FQDN_FWD = 3, PYKEA_LEASE_FQDN_REV = 4, PYKEA_LEASE_STATE = 5,
    PYKEA_LEASE_POOL_ID = 6, PYKEA_LEASE_CURRENT_VALID_LFT = 7, PYKEA_LEASE_CURRENT_CLTT = 8
} pykea_lease_int_field;

/* Kea's Lease::Type: a subnet's pools, a LeaseMgr lookup, a Lease6 (NA, TA, PD only). */
typedef enum {
    PYKEA_LEASE_TYPE_NA = 0, PYKEA_LEASE_TYPE_TA = 1, PYKEA_LEASE_TYPE_PD = 2,
    PYKEA_LEASE_TYPE_V4 = 3
} pykea_lease_type;

/* Kea's lease states (PYKEA_LEASE_STATE); RELEASED and REGISTERED exist from Kea 3.0. */
typedef enum {
    PYKEA_LEASE_STATE_DEFAULT = 0, PYKEA_LEASE_STATE_DECLINED = 1,
    PYKEA_LEASE_STATE_EXPIRED_RECLAIMED = 2, PYKEA_LEASE_STATE_RELEASED = 3,
    PYKEA_LEASE_STATE_REGISTERED = 4
} pykea_lease_state;

// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_lease4_new(uint32_t address, pykea_lease **lease);
// PYKEA_OK
pykea_status pykea_lease_free(pykea_lease *lease);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease_universe(pykea_lease *lease, int *universe);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease_get_address(pykea_lease *lease, pykea_address *address);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease_set_address(pykea_lease *lease, const pykea_address *address);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_lease_get_int(pykea_lease *lease, int field, int64_t *value);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_lease_set_int(pykea_lease *lease, int field, int64_t value);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease_get_hostname(pykea_lease *lease, const char **hostname);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease_set_hostname(pykea_lease *lease, const char *hostname);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease_get_hwaddr(pykea_lease *lease, int *htype, const uint8_t **data, size_t *size);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease_set_hwaddr(pykea_lease *lease, int htype, const uint8_t *data, size_t size);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease4_get_client_id(pykea_lease *lease, const uint8_t **data, size_t *size);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease4_set_client_id(pykea_lease *lease, const uint8_t *data, size_t size);
typedef enum { PYKEA_LEASE4_REMOTE_ID = 0, PYKEA_LEASE4_RELAY_ID = 1 } pykea_lease4_bytes_field;
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_lease4_get_bytes(pykea_lease *lease, int field, const uint8_t **data, size_t *size);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_lease4_set_bytes(pykea_lease *lease, int field, const uint8_t *data, size_t size);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease_get_user_context(pykea_lease *lease, const char **json);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease_set_user_context(pykea_lease *lease, const char *json);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease_text(pykea_lease *lease, const char **text);
/* Kea's JSON form of the lease (Lease::toElement), as lease_cmds and the lease files use it. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease_to_json(pykea_lease *lease, const char **json);

// PYKEA_OK
pykea_status pykea_lease_list_free(pykea_lease_list *leases);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease_list_size(pykea_lease_list *leases, size_t *size);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease_list_get(pykea_lease_list *leases, size_t index, pykea_lease **lease);

/* ---- DHCPv6: Pkt6 and its relay levels, IA options, Lease6 -------------------------------- */
typedef enum {
    PYKEA_RELAY_SEARCH_FROM_CLIENT = 1, PYKEA_RELAY_SEARCH_FROM_SERVER = 2,
    PYKEA_RELAY_GET_FIRST = 3, PYKEA_RELAY_GET_LAST = 4
} pykea_relay_search_order;

// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_pkt6_new(uint8_t message_type, uint32_t transid, pykea_pkt **pkt);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_pkt6_from_wire(const uint8_t *data, size_t size, pykea_pkt **pkt);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt6_relay_count(pykea_pkt *pkt, size_t *count);     /* 0: not relayed */
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt6_relay_info(pykea_pkt *pkt, size_t level, int *message_type, int *hop_count,
                                   pykea_address *link_address, pykea_address *peer_address);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt6_relay_option(pykea_pkt *pkt, size_t level, uint16_t code,
                                     pykea_option **option);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt6_relay_option_codes(pykea_pkt *pkt, size_t level, uint16_t *codes,
                                           size_t capacity, size_t *count);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt6_any_relay_option(pykea_pkt *pkt, uint16_t code, int order,
                                         pykea_option **option);   /* Pkt6::getAnyRelayOption */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_option6_ia_new(uint16_t code, uint32_t iaid, uint32_t t1, uint32_t t2,
                                  pykea_option **option);           /* IA_NA (3) or IA_PD (25) */
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option6_ia_get(pykea_option *option, uint32_t *iaid, uint32_t *t1, uint32_t *t2);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option6_ia_set(pykea_option *option, uint32_t iaid, uint32_t t1, uint32_t t2);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_option6_iaaddr_new(const pykea_address *address, uint8_t prefix_length,
                                      uint32_t preferred, uint32_t valid, pykea_option **option);
                                      /* prefix_length 128: IAADDR (5), else IAPREFIX (26) */
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option6_iaaddr_get(pykea_option *option, pykea_address *address,
                                      uint8_t *prefix_length, uint32_t *preferred, uint32_t *valid);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_lease6_new(int type, const pykea_address *address, uint8_t prefix_length,
                              uint32_t iaid, const uint8_t *duid, size_t duid_size,
                              pykea_lease **lease);   /* type: PYKEA_LEASE_TYPE_NA, _TA, _PD */
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease6_get(pykea_lease *lease, int *type, uint8_t *prefix_length, uint32_t *iaid,
                              uint32_t *preferred_lft);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease6_set(pykea_lease *lease, int type, uint8_t prefix_length, uint32_t iaid,
                              uint32_t preferred_lft);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease6_get_duid(pykea_lease *lease, const uint8_t **data, size_t *size);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease6_set_duid(pykea_lease *lease, const uint8_t *data, size_t size);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_pkt6(pykea_callout_handle *handle, const char *name, pykea_pkt **pkt);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_handle_set_pkt6(pykea_callout_handle *handle, const char *name, pykea_pkt *pkt);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_lease6(pykea_callout_handle *handle, const char *name, pykea_lease **lease);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_handle_set_lease6(pykea_callout_handle *handle, const char *name, pykea_lease *lease);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_lease6_list(pykea_callout_handle *handle, const char *name,
                                          pykea_lease_list **leases);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_option(pykea_callout_handle *handle, const char *name,
                                     pykea_option **option);      /* Option6IAPtr (ia_na, ia_pd) */

/* ---- lease database and statistics: LeaseMgr (LeaseMgrFactory::instance()), StatsMgr ---- */
/* Every lookup answers a list: empty when nothing matches, one lease for the single-lease
   lookups. Leases come back as copies: change one, then pykea_leasemgr_update() it. A
   subnet_id of PYKEA_SUBNET_ID_ANY (or below) means any subnet. On Kea 2.2 (Debian 12) the
   pykea_leasemgr_* calls answer PYKEA_UNSUPPORTED (feature "lease-database"). */
typedef enum { PYKEA_SUBNET_ID_ANY = -1 } pykea_subnet_id_any;

// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_leasemgr_available(int *available);    /* a lease database is open */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_leasemgr_get_address(int type, const pykea_address *address,
                                        pykea_lease_list **leases);  /* a pykea_lease_type */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_leasemgr_get4_hwaddr(int htype, const uint8_t *data, size_t size,
                                        int64_t subnet_id, pykea_lease_list **leases);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_leasemgr_get4_client_id(const uint8_t *data, size_t size, int64_t subnet_id,
                                           pykea_lease_list **leases);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_leasemgr_get6_duid(const uint8_t *duid, size_t size, pykea_lease_list **leases);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_leasemgr_get6_iaid(int type, const uint8_t *duid, size_t size, uint32_t iaid,
                                      int64_t subnet_id, pykea_lease_list **leases);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_leasemgr_get_subnet(int universe, uint32_t subnet_id, pykea_lease_list **leases);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_leasemgr_get_page(const pykea_address *after, size_t page_size,
                                     pykea_lease_list **leases);   /* after's family: v4 or v6 */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_leasemgr_add(pykea_lease *lease, int *added);   /* 0: it exists */
/* PYKEA_UPDATE_UNCHANGED: only if the stored lease still has the expiration the lease was read
   with (Kea's check against concurrent changes); PYKEA_UPDATE_OVERWRITE: whatever is stored, as
   lease_cmds' lease4-update does (a lease built from scratch has no stored expiration). */
typedef enum { PYKEA_UPDATE_UNCHANGED = 0, PYKEA_UPDATE_OVERWRITE = 1 } pykea_update_mode;
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_leasemgr_update(pykea_lease *lease, int mode);  /* NOT_FOUND: no such lease */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_leasemgr_get_hostname(int universe, const char *hostname,
                                         pykea_lease_list **leases);  /* Kea matches lower case */
/* Writes the memfile database to a file (Kea's writeLeases4/6; other backends refuse). The path
   must be one Kea allows (its data directory from Kea 2.6.3 on, where a bare name lands);
   written is the path Kea wrote. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_leasemgr_write(int universe, const char *filename, const char **written);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_leasemgr_delete(pykea_lease *lease, int *deleted);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_leasemgr_wipe(int universe, uint32_t subnet_id, uint64_t *wiped);
/* Unit tests without a server: LeaseMgrFactory::create(access), e.g.
   "type=memfile persist=false universe=4"; close with LeaseMgrFactory::destroy(). */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_testing_open_lease_database(const char *access);
// PYKEA_OK, PYKEA_UNSUPPORTED
pykea_status pykea_testing_close_lease_database(void);

typedef enum {
    PYKEA_STAT_INTEGER = 0, PYKEA_STAT_FLOAT = 1, PYKEA_STAT_DURATION = 2, PYKEA_STAT_STRING = 3,
    PYKEA_STAT_BIG_INTEGER = 4      /* Kea 2.6+; its value comes as decimal text */
} pykea_stat_type;

// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_stats_set_int(const char *name, int64_t value);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_stats_add_int(const char *name, int64_t value);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_stats_set_float(const char *name, double value);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_stats_add_float(const char *name, double value);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_stats_set_string(const char *name, const char *value);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_stats_add_string(const char *name, const char *value);   /* appends */
/* The latest sample: integer in *integer, float and duration (seconds) in *real, string and big
   integer in *text. NOT_FOUND: no such statistic. */
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_stats_get(const char *name, int *type, int64_t *integer, double *real,
                             const char **text);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_stats_get_all(const char **json);   /* StatsMgr::getAll(): name -> samples */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_stats_delete(const char *name, int *deleted);
/* ---- DHCP-DDNS: the server's client of kea-dhcp-ddns (CfgMgr's D2ClientMgr) --------------- */
/* Kea's dhcp_ddns::NameChangeType: add or remove a lease's DNS entries. Both calls answer
   PYKEA_UNSUPPORTED where the server configuration cannot be reached (feature "ddns"). */
typedef enum { PYKEA_DDNS_CHANGE_ADD = 0, PYKEA_DDNS_CHANGE_REMOVE = 1 } pykea_ddns_change;

/* Whether the configuration's "dhcp-ddns" has "enable-updates" (D2ClientMgr::ddnsEnabled). */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_ddns_enabled(int *enabled);
/* Queues a NameChangeRequest for the lease as the server does (Kea's queueNCR, on a copy of the
   lease): nothing when updates are disabled, the lease has no hostname or neither fqdn_fwd nor
   fqdn_rev, or is a DHCPv6 prefix; a request Kea cannot build is logged by Kea and dropped. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_ddns_queue_lease(pykea_lease *lease, int change);
/* ---- option definitions: typed option values through Kea's definitions, vendor options ---- */
/* A definition is found as Kea finds one for a packet: standard (or, for a "vendor-<id>" space,
   the vendor's), then the server's option-def (runtime), then last resort. name NULL: by code.
   The universe matters only for vendor spaces. Values are text as in a configuration's
   option-data "data" (one field each; binary as hex); Kea's OptionDefinition::optionFactory
   parses them. Fields read back are that text too, except binary fields: their bytes. */
typedef struct pykea_option_def pykea_option_def;         /* owned: pykea_option_def_free */
typedef struct pykea_option_fields pykea_option_fields;   /* owned: pykea_option_fields_free */
typedef enum {
    PYKEA_OPTION_DEF_NAME = 0, PYKEA_OPTION_DEF_SPACE = 1, PYKEA_OPTION_DEF_TYPE = 2,
    PYKEA_OPTION_DEF_RECORD_TYPES = 3,       /* '\n'-joined */
    PYKEA_OPTION_DEF_ENCAPSULATED_SPACE = 4
} pykea_option_def_text_field;

// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT
pykea_status pykea_option_def_find(int universe, const char *space, const char *name,
                                   uint16_t code, pykea_option_def **def);
/* Kea's standard definitions of a space (LibDHCP::getOptionDefs): "code name" lines, by code. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_option_def_standard(const char *space, const char **text);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_option_def_new(const char *name, uint16_t code, const char *space,
                                  const char *type, int array, const char *record_types,
                                  const char *encapsulated_space, pykea_option_def **def);
// PYKEA_OK
pykea_status pykea_option_def_free(pykea_option_def *def);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option_def_code(pykea_option_def *def, uint16_t *code, int *array);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option_def_text(pykea_option_def *def, int field, const char **text);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_option_def_create(pykea_option_def *def, int universe, const char *const *values,
                                     size_t count, pykea_option **option);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option_def_parse(pykea_option_def *def, pykea_option *option,
                                    pykea_option_fields **fields);     /* OptionCustom */
// PYKEA_OK
pykea_status pykea_option_fields_free(pykea_option_fields *fields);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option_fields_count(pykea_option_fields *fields, size_t *count);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_option_fields_get(pykea_option_fields *fields, size_t index, const char **type,
                                     const uint8_t **data, size_t *size);
/* The space of an option's sub-options: "vendor-<id>" for a vendor option, else the one Kea
   recorded, else the encapsulated space of its definition in ``space``; "" when none. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option_sub_space(pykea_option *option, const char *space, const char **sub_space);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_option_vendor_new(int universe, uint32_t enterprise_id, pykea_option **option);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_option_vendor_id(pykea_option *option, uint32_t *enterprise_id);
/* ---- parking: a packet held at a hook point that honours PARK, resumed from any thread ---- */
typedef struct pykea_parked pykea_parked;                   /* owned: pykea_parked_free */
/* References the hook's query4/query6 in the hook point's parking lot and sets NEXT_STEP_PARK.
   PYKEA_UNSUPPORTED where Kea did not prepare the packet for parking. */
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_handle_park(pykea_callout_handle *handle, pykea_parked **parked);
/* Resume (unpark) or discard (drop) the packet; each works once per pykea_parked (a second call:
   PYKEA_INVALID_ARGUMENT). PYKEA_NOT_FOUND: Kea no longer holds it. In single-threaded Kea both
   are carried out by Kea's main thread, soon after the call returns. Any thread may call them. */
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_parked_unpark(pykea_parked *parked);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_parked_drop(pykea_parked *parked);
/* Sets a bool argument Kea reads after the unpark (lease4_offer: offer_address_in_use). */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_parked_set_bool(pykea_parked *parked, const char *name, int value);
typedef enum {
    PYKEA_PARKED_PARKED = 0, PYKEA_PARKED_UNPARKED = 1, PYKEA_PARKED_DROPPED = 2,
    PYKEA_PARKED_RELEASED = 3        /* dropped by pykea when the hook library unloaded */
} pykea_park_state;
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_parked_state(pykea_parked *parked, int *state);  /* a pykea_park_state */
// PYKEA_OK
pykea_status pykea_parked_free(pykea_parked *parked);   /* drops the packet if it is still parked */
/* load(): hands unparks to Kea's main thread once the server is configured; unload(): stops. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_parking_load(pykea_library_handle *library);
// PYKEA_OK
pykea_status pykea_parking_unload(void);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_io_service(pykea_callout_handle *handle, const char *name, int *present);
/* Testing: park a query at a hook point as a server does; count the resume callbacks run. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_testing_park(const char *hook, pykea_pkt *query);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT
pykea_status pykea_testing_resumed(uint64_t *count);
/* ---- configuration: subnets, shared networks, the server configuration, network state -------- */
/* Subnets, shared networks and configurations hold a reference to Kea's (read-only) objects.
   Without them (Kea 2.2: its kea-dev lacks dhcpsrv/cfg_globals.h) these calls answer
   PYKEA_UNSUPPORTED; the network state and address calls work with every Kea. Lookups that find
   nothing answer PYKEA_NOT_FOUND (pykea_config_global too: a global that is not configured). */
typedef struct pykea_subnet pykea_subnet;                   /* owned: pykea_subnet_free */
typedef struct pykea_subnet_list pykea_subnet_list;         /* owned: pykea_subnet_list_free */
typedef struct pykea_shared_network pykea_shared_network;   /* owned: pykea_shared_network_free */
typedef struct pykea_config pykea_config;                   /* owned: pykea_config_free */
typedef struct pykea_network_state pykea_network_state;     /* owned: pykea_network_state_free */

typedef enum {
    PYKEA_LIFETIME_VALID = 0, PYKEA_LIFETIME_T1 = 1, PYKEA_LIFETIME_T2 = 2,
    PYKEA_LIFETIME_PREFERRED = 3                            /* DHCPv6 subnets only */
} pykea_lifetime;

// PYKEA_OK
pykea_status pykea_subnet_free(pykea_subnet *subnet);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_universe(pykea_subnet *subnet, int *universe);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_same(pykea_subnet *a, pykea_subnet *b, int *same);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_id(pykea_subnet *subnet, uint32_t *id);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_prefix(pykea_subnet *subnet, pykea_address *prefix, uint8_t *length);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_lifetime(pykea_subnet *subnet, int which, int *specified, uint32_t *value);
/* Pools of a pykea_lease_type (NA, TA, PD for DHCPv6, V4 for DHCPv4): first and last address;
   for DHCPv6 pools the delegated length (128 for NA pools), for DHCPv4 pools 32; the pool's id
   (Kea's "pool-id", 0 unless configured: the N of the subnet[ID].pool[N].* statistics). */
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_pool_count(pykea_subnet *subnet, int type, size_t *count);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_pool(pykea_subnet *subnet, int type, size_t index, pykea_address *first,
                               pykea_address *last, uint8_t *delegated_length, uint64_t *id);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_shared_network_name(pykea_subnet *subnet, const char **name);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_client_classes(pykea_subnet *subnet, const char **names);     /* '\n'-joined */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_relay_addresses(pykea_subnet *subnet, const char **addresses); /* '\n'-joined */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_user_context(pykea_subnet *subnet, const char **json);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_options(pykea_subnet *subnet, const char **json);     /* option-data list */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_in_range(pykea_subnet *subnet, const pykea_address *address, int *in_range);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_json(pykea_subnet *subnet, const char **json);        /* toElement() */

// PYKEA_OK
pykea_status pykea_subnet_list_free(pykea_subnet_list *subnets);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_list_size(pykea_subnet_list *subnets, size_t *size);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_subnet_list_get(pykea_subnet_list *subnets, size_t index, pykea_subnet **subnet);

// PYKEA_OK
pykea_status pykea_shared_network_free(pykea_shared_network *network);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_shared_network_universe(pykea_shared_network *network, int *universe);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_shared_network_name(pykea_shared_network *network, const char **name);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_shared_network_subnets(pykea_shared_network *network, pykea_subnet_list **subnets);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_shared_network_json(pykea_shared_network *network, const char **json);

/* CfgMgr's current (running) and staging configurations. Lookups search the DHCPv4 and the
   DHCPv6 subnets and shared networks (a server has only its own family's). */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_config_current(pykea_config **config);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_config_staging(pykea_config **config);
// PYKEA_OK
pykea_status pykea_config_free(pykea_config *config);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_config_json(pykea_config *config, const char **json);        /* toElement() */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_config_subnets(pykea_config *config, pykea_subnet_list **subnets);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_config_subnet_by_id(pykea_config *config, uint32_t id, pykea_subnet **subnet);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_config_subnet_by_prefix(pykea_config *config, const char *prefix,
                                           pykea_subnet **subnet);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_config_subnet_for_address(pykea_config *config, const pykea_address *address,
                                             pykea_subnet **subnet);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_config_shared_network_names(pykea_config *config, const char **names); /* '\n'-joined */
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_config_shared_network(pykea_config *config, const char *name,
                                         pykea_shared_network **network);
/* CfgSubnets4/6::selectSubnet(initSelector(pkt)): the subnet Kea selects for this query. */
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_config_select_subnet(pykea_config *config, pykea_pkt *query, pykea_subnet **subnet);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_config_global(pykea_config *config, const char *name, const char **json);

/* Callout arguments: "subnet4"/"subnet6" (universe 4 or 6; NULL: none), "subnet4collection"/
   "subnet6collection", "server_config" (SrvConfigPtr), "ddns-params" (DdnsParamsPtr, as a JSON
   map of its getters), "network_state" (NetworkStatePtr), "address6" (IOAddress). */
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_handle_get_subnet(pykea_callout_handle *handle, const char *name, int universe,
                                     pykea_subnet **subnet);
// PYKEA_OK, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_handle_set_subnet(pykea_callout_handle *handle, const char *name, int universe,
                                     pykea_subnet *subnet);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_handle_get_subnet_list(pykea_callout_handle *handle, const char *name,
                                          int universe, pykea_subnet_list **subnets);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_handle_get_config(pykea_callout_handle *handle, const char *name,
                                     pykea_config **config);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_handle_get_ddns_params(pykea_callout_handle *handle, const char *name,
                                          const char **json);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_network_state(pykea_callout_handle *handle, const char *name,
                                            pykea_network_state **state);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_address(pykea_callout_handle *handle, const char *name,
                                      pykea_address *address);

// PYKEA_OK
pykea_status pykea_network_state_free(pykea_network_state *state);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_network_state_enabled(pykea_network_state *state, int *enabled);
/* Disables or re-enables the DHCP service as a user command does (dhcp-disable, dhcp-enable). */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_network_state_set_enabled(pykea_network_state *state, int enabled);
/* ---- hosts: reservations (Host), Kea's host manager (HostMgr); config backend audit ------- */
/* Hosts from HostMgr or a callout argument are Kea's and read-only (setters answer
   PYKEA_INVALID_ARGUMENT); pykea_host_new and pykea_host_copy make writable ones. The HostMgr
   calls (pykea_hosts_*) look in the configuration's reservations and the hosts-database, and
   change the hosts-database only; with Kea 2.2 they answer PYKEA_UNSUPPORTED. A lookup that
   finds nothing answers PYKEA_NOT_FOUND. Identifier types are Kea's Host::IdentifierType
   (pykea_identifier_type). */
typedef struct pykea_host pykea_host;                       /* owned: pykea_host_free */
typedef struct pykea_host_list pykea_host_list;             /* owned: pykea_host_list_free */
typedef enum { PYKEA_RESERVATION6_ADDRESS = 0, PYKEA_RESERVATION6_PREFIX = 1 } pykea_reservation6_type;
typedef enum {
    PYKEA_IDENTIFIER_HWADDR = 0, PYKEA_IDENTIFIER_DUID = 1, PYKEA_IDENTIFIER_CIRCUIT_ID = 2,
    PYKEA_IDENTIFIER_CLIENT_ID = 3, PYKEA_IDENTIFIER_FLEX = 4
} pykea_identifier_type;
/* Kea's text form of an identifier (HWAddr::fromText, DUID::fromText, ClientId::fromText):
   "01:02:0a" with one- or two-digit groups; an error answers Kea's own reason. id_type is
   PYKEA_IDENTIFIER_HWADDR, _DUID or _CLIENT_ID. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_identifier_parse(int id_type, const char *text, const uint8_t **data,
                                    size_t *size);
/* A host's subnet id: 0 the global reservations, PYKEA_SUBNET_ID_UNUSED none (Kea's). */
typedef enum { PYKEA_SUBNET_ID_GLOBAL = 0, PYKEA_SUBNET_ID_UNUSED = 4294967295 } pykea_host_subnet_id;

// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_host_new(int id_type, const uint8_t *id, size_t size, pykea_host **host);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_copy(pykea_host *host, pykea_host **copy);
// PYKEA_OK
pykea_status pykea_host_free(pykea_host *host);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_writable(pykea_host *host, int *writable);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_identifier(pykea_host *host, int *id_type, const uint8_t **data, size_t *size);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_get_subnet_id(pykea_host *host, int universe, uint32_t *subnet_id);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_set_subnet_id(pykea_host *host, int universe, uint32_t subnet_id);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_get_ipv4_reservation(pykea_host *host, uint32_t *address);        /* 0: none */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_set_ipv4_reservation(pykea_host *host, uint32_t address);         /* 0 removes */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_get_hostname(pykea_host *host, const char **hostname);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_set_hostname(pykea_host *host, const char *hostname);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_classes(pykea_host *host, int universe, const char **names);      /* '\n'-joined */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_add_class(pykea_host *host, int universe, const char *name);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_reservation6(pykea_host *host, size_t index, int *type, pykea_address *prefix,
                                     uint8_t *prefix_length);     /* PYKEA_NOT_FOUND past the last */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_add_reservation6(pykea_host *host, int type, const pykea_address *prefix,
                                         uint8_t prefix_length);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_add_option(pykea_host *host, pykea_option *option, int always_send);
                                   /* space dhcp4 or dhcp6, by the option's universe */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_json(pykea_host *host, int universe, const char **json);  /* toElement4/6 */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_text(pykea_host *host, const char **text);
// PYKEA_OK
pykea_status pykea_host_list_free(pykea_host_list *hosts);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_list_size(pykea_host_list *hosts, size_t *size);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_list_get(pykea_host_list *hosts, size_t index, pykea_host **host);
/* Where a pykea_hosts_* call looks or changes (Kea's HostMgrOperationTarget): the
   configuration's reservations (MEMORY), the hosts-databases (DATABASE) or both (ALL). Kea's
   defaults: lookups ALL, changes DATABASE. */
typedef enum {
    PYKEA_HOSTS_MEMORY = 1, PYKEA_HOSTS_DATABASE = 2, PYKEA_HOSTS_ALL = 3
} pykea_hosts_target;
/* Whether a hosts-database is configured (HostMgr::getHostDataSource). */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_hosts_database_available(int *available);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_hosts_get(int universe, uint32_t subnet_id, int id_type, const uint8_t *id,
                             size_t size, int target, pykea_host **host);   /* get4 / get6 */
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_hosts_get_by_address(uint32_t subnet_id, const pykea_address *address,
                                        int target, pykea_host **host);     /* get4 / get6 */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_hosts_get_all(int id_type, const uint8_t *id, size_t size, int target,
                                 pykea_host_list **hosts);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_hosts_get_all_in_subnet(int universe, uint32_t subnet_id, int target,
                                           pykea_host_list **hosts);
/* Every reservation of an address: in one subnet, or (subnet_id PYKEA_SUBNET_ID_ANY) in any
   (Kea's getAll4/getAll6 by address). */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_hosts_get_all_by_address(int64_t subnet_id, const pykea_address *address,
                                            int target, pykea_host_list **hosts);
/* Reservations with a hostname (Kea compares it in lower case): of any family and subnet
   (subnet_id PYKEA_SUBNET_ID_ANY; getAllbyHostname) or of a universe's subnet
   (getAllbyHostname4/6). */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_hosts_get_by_hostname(int universe, const char *hostname, int64_t subnet_id,
                                         int target, pykea_host_list **hosts);
/* A page of reservations (Kea's getPage4/getPage6): those of *source_index (0 the
   configuration, then each hosts-database) with host ids above from_id, of one subnet or
   (PYKEA_SUBNET_ID_ANY) all. An empty page moves *source_index to the next source; an empty
   page at the last source is the end. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_hosts_get_page(int universe, int64_t subnet_id, size_t *source_index,
                                  uint64_t from_id, size_t page_size, pykea_host_list **hosts);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_hosts_add(pykea_host *host, int target);                 /* stores a copy */
/* Replaces the stored reservation with the host's identifier and subnet (HostMgr::update, one
   transaction in a database). */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_hosts_update(pykea_host *host, int target);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_hosts_del(uint32_t subnet_id, const pykea_address *address, int target,
                             int *deleted);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_hosts_del_by_identifier(int universe, uint32_t subnet_id, int id_type,
                                           const uint8_t *id, size_t size, int target,
                                           int *deleted);                   /* del4 / del6 */
/* A reservation written as in Kea's configuration (JSON text of one "reservations" entry),
   parsed by Kea's HostReservationParser4/6 for subnet_id (PYKEA_SUBNET_ID_UNUSED: none);
   an error answers Kea's reason. The host is writable. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_host_parse(int universe, const char *json, uint32_t subnet_id,
                              pykea_host **host);
/* The host's id in its database (Host::getHostId; 0 for reservations of the configuration). */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_host_get_id(pykea_host *host, uint64_t *id);
/* An identifier as reservations write it: hex digits with or without ':' ("01:02:0a",
   "01020a", "0x01020a") or a 'quoted string'; an error answers Kea's reason. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_host_identifier_parse(const char *text, const uint8_t **data, size_t *size);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_host(pykea_callout_handle *handle, const char *name,
                                   pykea_host **host);                      /* ConstHostPtr */
/* cb4_updated / cb6_updated's AuditEntryCollectionPtr as a JSON list of maps: object_type,
   object_id, modification_type ("create", "update", "delete"), modification_time (ISO 8601, as
   Kea holds it), revision_id, log_message; by modification time. */
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT
pykea_status pykea_handle_get_audit_entries(pykea_callout_handle *handle, const char *name,
                                            const char **json);

/* ---- configuration backend: Kea's ConfigBackendDHCPv4Mgr/DHCPv6Mgr pools ------------------ */
/* The backends are those of the server's config-control (a backend hook library, such as
   libdhcp_pgsql_cb.so or Kea 3.0's libdhcp_pgsql.so, registers its type). `remote` is the JSON of
   a backend selector map ({"type": "postgresql"}; NULL or "": every backend), `servers` a
   pykea_cb_servers with '\n'-joined `tags` for PYKEA_CB_SERVERS_TAGS (servers are read and
   written without a selector). An object is named by kind: a server by its tag (name), a subnet
   by its prefix (name) or, with name NULL, its id (code), an option definition or a global
   option by its space (name) and code, a shared network, client class or global parameter by
   its name. pykea_cb_object_parse reads one written in Kea's configuration syntax with Kea's
   parsers (Subnet4ConfigParser, SharedNetwork4Parser, OptionDefParser, OptionDataParser,
   ClientClassDefParser; a subnet may name its "shared-network-name", a global parameter is a
   map of one entry, a server {"server-tag", "description"}); a parser's refusal answers
   PYKEA_INVALID_ARGUMENT with Kea's reason. A get that finds nothing answers PYKEA_NOT_FOUND.
   With Kea 2.2 (no dhcpsrv/cfg_globals.h) every call answers PYKEA_UNSUPPORTED. */
typedef struct pykea_cb_object pykea_cb_object;             /* owned: pykea_cb_object_free */
typedef struct pykea_cb_list pykea_cb_list;                 /* owned: pykea_cb_list_free */
typedef enum {
    PYKEA_CB_SERVER = 0, PYKEA_CB_SUBNET = 1, PYKEA_CB_SHARED_NETWORK = 2,
    PYKEA_CB_OPTION_DEF = 3, PYKEA_CB_OPTION = 4, PYKEA_CB_CLIENT_CLASS = 5,
    PYKEA_CB_GLOBAL_PARAMETER = 6
} pykea_cb_kind;
typedef enum {
    PYKEA_CB_SERVERS_ANY = 0, PYKEA_CB_SERVERS_ALL = 1, PYKEA_CB_SERVERS_UNASSIGNED = 2,
    PYKEA_CB_SERVERS_TAGS = 3
} pykea_cb_servers;
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_cb_object_parse(int universe, int kind, const char *json, pykea_cb_object **object);
// PYKEA_OK
pykea_status pykea_cb_object_free(pykea_cb_object *object);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_cb_object_kind(pykea_cb_object *object, int *universe, int *kind);
/* Kea's printed form (toElement; a subnet with its "shared-network-name", string or null). */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_cb_object_json(pykea_cb_object *object, const char **json);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_cb_object_server_tags(pykea_cb_object *object, const char **tags); /* '\n'-joined */
// PYKEA_OK
pykea_status pykea_cb_list_free(pykea_cb_list *list);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_cb_list_size(pykea_cb_list *list, size_t *size);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_cb_list_get(pykea_cb_list *list, size_t index, pykea_cb_object **object);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_cb_get(int universe, const char *remote, int servers, const char *tags, int kind,
                          const char *name, uint32_t code, pykea_cb_object **object);
/* Every object of a kind; subnets of one shared network with shared_network (else NULL). */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_cb_get_all(int universe, const char *remote, int servers, const char *tags,
                              int kind, const char *shared_network, pykea_cb_list **list);
/* createUpdate: follow_class_name places a client class after that one (NULL or "": at the
   end for a new class, where it was for an existing one). */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_cb_set(int universe, const char *remote, int servers, const char *tags,
                          pykea_cb_object *object, const char *follow_class_name);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_cb_delete(int universe, const char *remote, int servers, const char *tags,
                             int kind, const char *name, uint32_t code, uint64_t *deleted);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_cb_delete_network_subnets(int universe, const char *remote, int servers,
                                             const char *tags, const char *shared_network,
                                             uint64_t *deleted);
/* The options of one subnet, shared network, address pool or DHCPv6 prefix delegation pool
   (Kea's createUpdateOption4/6 and deleteOption4/6 for that scope), named by `scope_name`: a
   subnet by its id in decimal, a shared network by its name, a pool by "first - last" or
   "prefix/length" (as Kea's "pool"), a prefix delegation pool by "prefix/length". A
   scope_name that is not of its scope's form answers PYKEA_INVALID_ARGUMENT; a scope the
   backend does not hold is the backend's refusal (PYKEA_ERROR). */
typedef enum {
    PYKEA_CB_SCOPE_SUBNET = 0, PYKEA_CB_SCOPE_SHARED_NETWORK = 1, PYKEA_CB_SCOPE_POOL = 2,
    PYKEA_CB_SCOPE_PD_POOL = 3
} pykea_cb_option_scope;
/* `option` is a PYKEA_CB_OPTION object (pykea_cb_object_parse). */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED, PYKEA_DETACHED
pykea_status pykea_cb_set_scoped_option(int universe, const char *remote, int servers,
                                        const char *tags, int scope, const char *scope_name,
                                        pykea_cb_object *option);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_UNSUPPORTED
pykea_status pykea_cb_delete_scoped_option(int universe, const char *remote, int servers,
                                           const char *tags, int scope, const char *scope_name,
                                           uint32_t code, const char *space, uint64_t *deleted);

/* ---- testing: Kea's real hooks framework driven in-process, without a server -------------- */
/* Starts Kea's logging (root logger logger_root at a pykea_log_severity and debug level, to
   Kea's default output) and registers the '\n'-joined hook points, as a server does at start-up. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_testing_init(const char *logger_root, int severity, int debug_level,
                                const char *hook_names);
/* HooksManager::loadLibraries with [{"library": path, "parameters": {...}}, ...]; unloads first. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_testing_load(const char *libraries_json, int multi_threading);
// PYKEA_OK
pykea_status pykea_testing_unload(void);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_testing_handle_new(pykea_testing_handle **handle);
// PYKEA_OK
pykea_status pykea_testing_handle_free(pykea_testing_handle *handle);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_testing_handle_get(pykea_testing_handle *handle, pykea_callout_handle **callout_handle);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_testing_call(const char *hook, pykea_testing_handle *handle);
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT
pykea_status pykea_testing_command(const char *command_json, const char **response_json);

/* ---- callout frames: the hot path of a Python callout (docs/architecture.md) ------------
 * A Python function registered with pykea_library_register_python_callout is called by one of
 * pykea's native callouts (a slot), not through cffi: the slot takes this thread's Python
 * thread state, calls the function with this frame's CalloutHandle object and gives the
 * thread state back; Python is entered a second time only when the call needs more (see
 * pykea_library_register_python_callout).
 * Before entering Python the slot reads, without the GIL, the packet and lease arguments the
 * function used in earlier calls (frame.wanted) and their header fields, so that reading them
 * costs Python no C call. The pykea_pkt and pykea_lease of a frame are borrowed: valid until
 * the callout returns (Kea's callout handle holds the objects meanwhile); pykea_pkt_copy and
 * pykea_lease_copy make owned handles of them. Never free them. */
typedef enum { PYKEA_PENDING_OPTION_BYTES = 1024 } pykea_pending_size;
/* The int64_t fields come first, so that Python reads them as one array of int64_t. */
typedef struct {
    int64_t ints[16];            /* by pykea_pkt_int_field */
    int64_t ipv4[14];            /* by pykea_pkt_addr_field: an IPv4 address as an integer;
                                    -1 for an IPv6 one (then read addrs) */
    int64_t htype;               /* DHCPv4 chaddr's hardware type; -1 without one */
    int64_t hwaddr_size;
    int64_t hwaddr_value;        /* hwaddr as a big-endian integer, if at most 7 bytes; else -1 */
    int64_t option_codes[8];     /* a Pkt4's top-level option codes: bit (code % 32) of word
                                    code / 32 (kept by Python as it adds options; 0 for Pkt6) */
    int64_t pending_size;        /* bytes used in `pending` */
    uint8_t hwaddr[24];
    pykea_address addrs[14];
    /* Options a callout added to a borrowed packet, not yet given to Kea: entries of code
       (2 bytes, little-endian), size (2 bytes), replace (1 byte), 0 (1 byte) and the option's
       data, written by Python. Every call given the packet (the pykea_pkt of this frame), and
       the slot when the callout returns, adds them to the packet first, in order. */
    uint8_t pending[1024];       /* PYKEA_PENDING_OPTION_BYTES */
} pykea_pkt_header;

typedef struct {
    int64_t ints[9];             /* by pykea_lease_int_field (pool id excepted: 0) */
    int64_t ipv4;                /* the address as an integer; -1 for IPv6 (then read address) */
    int64_t htype;               /* -1 without a hardware address */
    int64_t hwaddr_size;
    int64_t hwaddr_value;        /* as in pykea_pkt_header */
    uint8_t hwaddr[24];
    pykea_address address;
} pykea_lease_header;

typedef enum {
    PYKEA_FRAME_PKT4 = 1,
    PYKEA_FRAME_PKT6 = 2,
    PYKEA_FRAME_LEASE4 = 3,
    PYKEA_FRAME_LEASE6 = 4
} pykea_frame_kind;

typedef enum { PYKEA_FRAME_ARGUMENTS = 4 } pykea_frame_size;

typedef struct {
    pykea_callout_handle *handle;                 /* Kea's, for this call */
    uint32_t wanted;                              /* bit i: argument i is read into the frame */
    uint32_t present;                             /* bit i: argument i is read in this call */
    uint32_t null;                                /* bit i: ... and is Kea's null pointer */
    uint32_t lent;                                /* bit i: Python lent argument i's object
                                                     (frame object's lent[i]) in this call */
    uint32_t replaced;                            /* bit i: the call set argument i */
    pykea_pkt *pkt[4];                            /* borrowed, at a fixed address per index */
    pykea_lease *lease[4];                        /* the same for leases */
    pykea_pkt_header pkt_header[4];
    pykea_lease_header lease_header[4];
} pykea_frame;

/* Registers a Python callout at `hook`: Python objects given by address (CPython's id(); the
 * caller keeps access and finish alive until pykea_callout_slot_free, function until
 * pykea_callout_slot_retire). At each call the slot sets the
 * `_hook` attribute of the frame object's handles[0] to `access`, lends (lent[i] = spare[i],
 * frame.lent bit i) each argument i it read before the call whose spare[i] is an object of
 * classes[kind of i], and calls function(handles[0]). It then calls finish(frame object, result, exception, kept) only if
 * the function raised (exception: the exception, its traceback set; result None), returned
 * something other than None, or kept an object past the call: kept has bit i set when the
 * object lent for argument i (frame object's lent[i], set to None by the slot) is still
 * referenced from elsewhere than the frame object's lent and spare lists, and
 * PYKEA_FRAME_HANDLE_KEPT when handles[0] is. `arguments` names the frame's arguments in
 * order, "name:kind,..." with kind a pykea_frame_kind number. PYKEA_NOT_FOUND: every slot is
 * in use. */
typedef enum { PYKEA_FRAME_HANDLE_KEPT = 0x80000000 } pykea_frame_kept;
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_INVALID_ARGUMENT
pykea_status pykea_library_register_python_callout(pykea_library_handle *library, const char *hook,
                                                   uintptr_t function, uintptr_t access,
                                                   uintptr_t finish, const char *arguments,
                                                   int *slot);
/* PYKEA_INVALID_ARGUMENT: the slot is not in use. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_library_deregister_python_callout(pykea_library_handle *library,
                                                     const char *hook, int slot, int *removed);
/* Gives the slot back once Kea no longer calls it. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_callout_slot_free(int slot);
/* At unload: the slot calls no Python function from now on (a call fails, logged) and holds
 * none, though it stays taken until pykea_callout_slot_free. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT
pykea_status pykea_callout_slot_retire(int slot);
/* Called once per thread and nesting depth: the frame object, made from the frame's address
 * (a Python object with the list attributes handles, lent, spare and classes, each kept as it
 * is; classes: the wrapper class by pykea_frame_kind). */
typedef uintptr_t (*pykea_frame_object_fn)(pykea_frame *frame);
// PYKEA_OK
pykea_status pykea_set_frame_object_maker(pykea_frame_object_fn maker);
/* Reads argument `index` of the frame from Kea (as a slot does before the call) and marks it
 * wanted for the next calls (bit `index` of frame->null: Kea passed a null pointer). */
// PYKEA_OK, PYKEA_NOT_FOUND, PYKEA_WRONG_TYPE, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_frame_fetch(pykea_frame *frame, int index);

/* Header fields in one call. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_get_header(pykea_pkt *pkt, pykea_pkt_header *header);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease_get_header(pykea_lease *lease, pykea_lease_header *header);
/* An owned handle to the same Kea object. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_copy(pykea_pkt *pkt, pykea_pkt **copy);
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_lease_copy(pykea_lease *lease, pykea_lease **copy);
/* Adds a new option (code, data) of the packet's universe in one call; with `replace`, first
 * removes the option with that code. */
// PYKEA_OK, PYKEA_INVALID_ARGUMENT, PYKEA_DETACHED
pykea_status pykea_pkt_add_option_data(pykea_pkt *pkt, int universe, uint16_t code,
                                       const uint8_t *data, size_t size, int replace);

/* PYKEA_CDEF_END */

#ifdef __cplusplus
}
#endif

#endif /* PYKEA_H */
