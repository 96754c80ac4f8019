/* The TallySync client library's C API, for mobile apps (JNI on Android, Swift on iOS)
 * and any language with a C FFI.
 *
 * Modelled on LiteCore's c4 API: an opaque handle per local store, every fallible call
 * takes a `tally_error*` out-parameter (may be NULL) and returns false / NULL on failure,
 * no C++ exception or type crosses this boundary, and strings returned by the library are
 * freed with tally_free(). Error codes are those of tally/error.hpp (docs/client.md).
 *
 * Threads: a handle may be used from any thread; calls are serialised inside. The state
 * callback runs on the library's sync thread: it must return quickly and must not call
 * tally_close() on the same handle.
 */
#ifndef TALLY_TALLY_C_H
#define TALLY_TALLY_C_H

#include <stdbool.h>
#include <stdint.h>

/* Marks the library's exported functions: libtallysync.so is built with its own symbols
 * hidden (a version script), and these are its whole ABI. */
#if defined(__GNUC__) || defined(__clang__)
#define TALLY_EXPORT __attribute__((visibility("default")))
#else
#define TALLY_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version (this header's), and the library's at run time: compare them to
 * catch an app built against one header and run with another library. */
#define TALLY_VERSION_MAJOR 0
#define TALLY_VERSION_MINOR 1
#define TALLY_VERSION_PATCH 0
#define TALLY_VERSION_STRING "0.1.0"

/* The error codes of tally_error.code: tally::ErrorCode (tally/error.hpp), one constant per
 * code; the hundreds group is the domain (100s definition ... 1100s internal). A test checks
 * every constant against the C++ table. */
typedef enum tally_error_code {
  TALLY_E_OK = 0,
  TALLY_E_DEFINITION_PARSE = 100,
  TALLY_E_DEFINITION_INVALID = 101,
  TALLY_E_DUPLICATE_ID = 102,
  TALLY_E_UNKNOWN_ID = 103,
  TALLY_E_SEATS_OUT_OF_RANGE = 104,
  TALLY_E_TOO_FEW_CANDIDATES = 105,
  TALLY_E_STATION_UNIT_MISMATCH = 106,
  TALLY_E_ROUND_INVALID = 107,
  TALLY_E_ROUND_NOT_READY = 108,
  TALLY_E_SCHEMA_PARSE = 200,
  TALLY_E_SCHEMA_INVALID = 201,
  TALLY_E_EXPRESSION_SYNTAX = 202,
  TALLY_E_EXPRESSION_TYPE = 203,
  TALLY_E_EXPRESSION_EVAL = 204,
  TALLY_E_UNKNOWN_FORM = 300,
  TALLY_E_UNKNOWN_FIELD = 301,
  TALLY_E_WRONG_VALUE_TYPE = 302,
  TALLY_E_NEGATIVE_COUNT = 303,
  TALLY_E_VALUE_TOO_LARGE = 304,
  TALLY_E_RECORDS_PARSE = 305,
  TALLY_E_RECORDS_INVALID = 306,
  TALLY_E_COUNTER_GAP = 400,
  TALLY_E_EQUIVOCATION = 401,
  TALLY_E_BAD_CONTEXT = 402,
  TALLY_E_CURSOR_FROM_FUTURE = 403,
  TALLY_E_SERVER_FORGOT_ACKED_OPS = 404,
  TALLY_E_FRAME_TOO_LARGE = 500,
  TALLY_E_TRUNCATED = 501,
  TALLY_E_BAD_LENGTH = 502,
  TALLY_E_UNKNOWN_MESSAGE_TYPE = 503,
  TALLY_E_UNSUPPORTED_VERSION = 504,
  TALLY_E_TRAILING_BYTES = 505,
  TALLY_E_MALFORMED = 506,
  TALLY_E_UNEXPECTED_MESSAGE = 507,
  TALLY_E_CHAIN_BROKEN = 600,
  TALLY_E_BAD_SIGNATURE = 601,
  TALLY_E_TALLY_MISMATCH = 602,
  TALLY_E_PROOF_FAILED = 603,
  TALLY_E_LOG_INCONSISTENT = 604,
  TALLY_E_NOT_AUTHENTICATED = 700,
  TALLY_E_UNKNOWN_DEVICE = 701,
  TALLY_E_FORBIDDEN = 702,
  TALLY_E_ENROLMENT_CODE_INVALID = 703,
  TALLY_E_REPLAYED_HELLO = 704,
  TALLY_E_DEVICE_REVOKED = 705,
  TALLY_E_BAD_CREDENTIALS = 706,
  TALLY_E_SESSION_EXPIRED = 707,
  TALLY_E_CSRF_TOKEN_INVALID = 708,
  TALLY_E_STALE_ADJUDICATION = 709,
  TALLY_E_ACCOUNT_EXISTS = 710,
  TALLY_E_IO_ERROR = 800,
  TALLY_E_STORAGE_FULL = 801,
  TALLY_E_CORRUPTION = 802,
  TALLY_E_NOT_FOUND = 803,
  TALLY_E_BUSY = 804,
  TALLY_E_NOT_A_REGULAR_FILE = 805,
  TALLY_E_CONNECTION_FAILED = 900,
  TALLY_E_CONNECTION_LOST = 901,
  TALLY_E_TIMEOUT = 902,
  TALLY_E_TLS_ERROR = 903,
  TALLY_E_PROTOCOL_ERROR = 904,
  TALLY_E_BATCH_TOO_LARGE = 1000,
  TALLY_E_RATE_LIMITED = 1001,
  TALLY_E_TOO_MANY_CONNECTIONS = 1002,
  TALLY_E_SLOW_CONSUMER = 1003,
  TALLY_E_FILE_TOO_LARGE = 1004,
  TALLY_E_INTERNAL = 1100,
  TALLY_E_INVALID_ARGUMENT = 1101
} tally_error_code;

/* A client: one device's local store and its sync. Opaque. */
typedef struct tally_client tally_client;

/* Why a call failed. `domain` and `code` are tally::ErrorDomain / tally::ErrorCode values;
 * `transient` is true when retrying later may succeed (e.g. the network is down). */
typedef struct tally_error {
  int domain;
  int code;
  char message[256]; /* UTF-8, NUL-terminated, truncated if longer */
  bool transient;
} tally_error;

/* Where the sync stands. */
typedef enum tally_sync_phase {
  TALLY_SYNC_OFFLINE = 0,    /* not connected (sync stopped, or waiting to reconnect) */
  TALLY_SYNC_CONNECTING = 1, /* connecting, TLS, WebSocket, Hello */
  TALLY_SYNC_SYNCING = 2,    /* connected; uploading the outbox or downloading */
  TALLY_SYNC_UP_TO_DATE = 3  /* connected; outbox empty and download caught up */
} tally_sync_phase;

/* A snapshot of the sync state. `has_error` says whether `last_error` is set. */
typedef struct tally_sync_state {
  tally_sync_phase phase;
  uint64_t ops_pending; /* own edits not yet acknowledged by the server */
  bool has_error;
  tally_error last_error;
} tally_sync_state;

/* Called on every change of the sync state, with the `user` pointer given. */
typedef void (*tally_state_callback)(void* user, const tally_sync_state* state);

/* Opens (or creates) the local store at `store_path`. NULL on failure. */
TALLY_EXPORT tally_client* tally_open(const char* store_path, tally_error* error);
/* The library's version, "MAJOR.MINOR.PATCH" (static storage: do not free). */
TALLY_EXPORT const char* tally_version(void);
/* A short English name for an error code ("connection lost"); "unknown error" for a code
 * this library does not know. Static storage: do not free. */
TALLY_EXPORT const char* tally_errstr(int code);
/* Stops sync and closes the store. NULL is allowed. */
TALLY_EXPORT void tally_close(tally_client* client);
/* Frees a string returned by this library. NULL is allowed. */
TALLY_EXPORT void tally_free(void* pointer);

/* Enrols this device with a one-time code: makes its key pair, registers it with the
 * server at `server_url` (wss://host:port/path, or ws:// on loopback) and downloads its
 * reference data. `ca_file` is the server's CA certificate (PEM), trusted from now on;
 * NULL for ws://. Blocks up to `timeout_ms`. */
TALLY_EXPORT bool tally_enrol(tally_client* client, const char* server_url, const char* code,
                              const char* ca_file, int timeout_ms, tally_error* error);

/* Edits. Each is checked against the form schema first (a bad value is refused with its
 * code and nothing is stored) and is on disk before the call returns. `field` is a field
 * name ("valid") or a vote entry ("votes.NA-01-C01"). */
TALLY_EXPORT bool tally_set_count(tally_client* client, const char* form, const char* field,
                                  int64_t value, tally_error* error);
TALLY_EXPORT bool tally_set_text(tally_client* client, const char* form, const char* field,
                                 const char* text, tally_error* error);
TALLY_EXPORT bool tally_clear(tally_client* client, const char* form, const char* field,
                              tally_error* error);
/* Submits the form's current values, signed with the device key. */
TALLY_EXPORT bool tally_submit(tally_client* client, const char* form, tally_error* error);
/* Withdraws the form's submission (back to draft). */
TALLY_EXPORT bool tally_withdraw(tally_client* client, const char* form, tally_error* error);
/* A supervisor's value for a field in conflict; resolves every sibling the device knows. */
TALLY_EXPORT bool tally_adjudicate_count(tally_client* client, const char* form, const char* field,
                                         int64_t value, tally_error* error);
TALLY_EXPORT bool tally_adjudicate_text(tally_client* client, const char* form, const char* field,
                                        const char* text, tally_error* error);

/* The form as JSON (values, status, failed checks, conflicts with their siblings and
 * authors; format in docs/client.md). Free with tally_free(). NULL on failure. */
TALLY_EXPORT char* tally_get_form(tally_client* client, const char* form, tally_error* error);
/* The forms this device may edit or see, as a JSON array of form ids. */
TALLY_EXPORT char* tally_list_forms(tally_client* client, tally_error* error);
/* The history of one field as JSON (who, when, from which device, what it covered). */
TALLY_EXPORT char* tally_field_history(tally_client* client, const char* form, const char* field,
                                       tally_error* error);

/* Checks this device's receipts against the server's public log (needs the network;
 * blocks): the latest signed tree head, its consistency with the head the previous check
 * kept, and every acknowledged own op's inclusion proof. JSON, free with tally_free():
 * {"ok":true|false,"tree_size":N,"tree_signed_ms":T,"root_hash":"hex",
 *  "previous_tree_size":N,"ops_checked":N,"problems":[{"code":603,"message":"..."}]}
 * (E603 an op not in the log as acknowledged, E604 a rewritten or forked log). NULL with
 * `error` set when the check could not be made (e.g. the server is unreachable). */
TALLY_EXPORT char* tally_verify_receipts(tally_client* client, tally_error* error);

/* The current sync state. */
TALLY_EXPORT bool tally_status(tally_client* client, tally_sync_state* state, tally_error* error);
/* Sets (or with NULL removes) the state callback. */
TALLY_EXPORT void tally_set_state_callback(tally_client* client, tally_state_callback callback,
                                           void* user);
/* Starts the sync thread: connects now and reconnects by itself after any loss. */
TALLY_EXPORT bool tally_start_sync(tally_client* client, tally_error* error);
/* Stops the sync thread (edits keep working offline). */
TALLY_EXPORT void tally_stop_sync(tally_client* client);
/* Asks for a sync now (skips any reconnect wait). */
TALLY_EXPORT bool tally_sync_now(tally_client* client, tally_error* error);
/* Waits up to `timeout_ms` for TALLY_SYNC_UP_TO_DATE; false with a transient kTimeout
 * error if it did not come. */
TALLY_EXPORT bool tally_wait_up_to_date(tally_client* client, int timeout_ms, tally_error* error);

#ifdef __cplusplus
}
#endif

#endif /* TALLY_TALLY_C_H */
