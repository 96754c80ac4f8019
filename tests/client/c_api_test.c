/* The C API used from C, as a mobile app's JNI or Swift layer would use it.
 *
 * Usage: c_api_test STORE_DIR [SERVER_URL ENROLMENT_CODE FORM CA_FILE]
 * Without a server it checks the API's offline contract: open, errors with domain, code,
 * message and transient flag, NULL arguments, JSON strings freed with tally_free, the
 * state callback, sync that cannot connect. With a server (started by the ctest fixture)
 * it enrols, edits, submits, syncs and reads the form back. Exits 0 on success; prints
 * "N passed, N failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tally/tally_c.h"

static int passed = 0;
static int failed = 0;

#define CHECK(condition)                                                            \
  do {                                                                              \
    if (condition) {                                                                \
      ++passed;                                                                     \
    } else {                                                                        \
      ++failed;                                                                     \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #condition); \
    }                                                                               \
  } while (0)

enum {
  kNotAuthenticated = 700,
  kConnectionFailed = 900,
  kInvalidArgument = 1101,
  kNegativeCount = 303,
  kTimeout = 902
};

/* Written by the sync thread; read after tally_stop_sync() has joined it. */
static int callback_calls = 0;
static bool saw_up_to_date = false;
static tally_sync_phase last_phase = TALLY_SYNC_OFFLINE;

static void on_state(void* user, const tally_sync_state* state) {
  int* counter = (int*)user;
  ++*counter;
  last_phase = state->phase;
  if (state->phase == TALLY_SYNC_UP_TO_DATE) saw_up_to_date = true;
}

static void offline_contract(const char* dir) {
  char path[512];
  snprintf(path, sizeof path, "%s/c-offline.db", dir);
  unlink(path);
  tally_error error;
  memset(&error, 0, sizeof error);

  CHECK(tally_open(NULL, &error) == NULL);
  CHECK(error.code == kInvalidArgument);

  tally_client* client = tally_open(path, &error);
  CHECK(client != NULL);
  CHECK(error.code == 0);

  /* Not enrolled: edits are refused with an auth error, not a crash. */
  CHECK(!tally_set_count(client, "TN-0001/NA-01", "voted", 5, &error));
  CHECK(error.code == kNotAuthenticated);
  CHECK(error.domain == 7);
  CHECK(strlen(error.message) > 0);
  CHECK(!error.transient);
  CHECK(!tally_set_count(client, "no-slash", "voted", 5, &error));
  CHECK(error.code == kInvalidArgument);
  CHECK(!tally_set_text(client, "TN-0001/NA-01", "notes", NULL, &error));
  CHECK(error.code == kInvalidArgument);
  CHECK(!tally_start_sync(client, &error));
  CHECK(error.code == kNotAuthenticated);
  /* A NULL error pointer is allowed. */
  CHECK(!tally_submit(client, "TN-0001/NA-01", NULL));

  char* forms = tally_list_forms(client, &error);
  CHECK(forms != NULL && strcmp(forms, "[]") == 0);
  tally_free(forms);

  tally_sync_state state;
  CHECK(tally_status(client, &state, &error));
  CHECK(state.phase == TALLY_SYNC_OFFLINE);
  CHECK(state.ops_pending == 0);

  /* Enrolment against a port nobody listens on fails transiently. */
  CHECK(!tally_enrol(client, "ws://127.0.0.1:1/sync", "CODE", NULL, 2000, &error));
  CHECK(error.transient);
  CHECK(error.domain == 9);
  CHECK(!tally_enrol(client, "http://127.0.0.1:1/", "CODE", NULL, 2000, &error));
  CHECK(error.code == kInvalidArgument);

  tally_set_state_callback(client, on_state, &callback_calls);
  tally_close(client);
  tally_close(NULL);
  tally_free(NULL);
}

static void end_to_end(const char* dir, const char* url, const char* code, const char* form,
                       const char* ca_file) {
  char path[512];
  snprintf(path, sizeof path, "%s/c-e2e.db", dir);
  unlink(path);
  tally_error error;
  tally_client* client = tally_open(path, &error);
  CHECK(client != NULL);
  if (client == NULL) return;
  CHECK(tally_enrol(client, url, code, ca_file, 10000, &error));
  if (error.code != 0) fprintf(stderr, "enrol: E%d %s\n", error.code, error.message);

  char* forms = tally_list_forms(client, &error);
  CHECK(forms != NULL && strstr(forms, form) != NULL);
  tally_free(forms);

  CHECK(!tally_set_count(client, form, "voted", -3, &error));
  CHECK(error.code == kNegativeCount);
  CHECK(tally_set_count(client, form, "voted", 700, &error));
  CHECK(tally_set_text(client, form, "notes", "ghi chú", &error));

  tally_sync_state state;
  CHECK(tally_status(client, &state, &error));
  CHECK(state.ops_pending == 2);

  tally_set_state_callback(client, on_state, &callback_calls);
  CHECK(tally_start_sync(client, &error));
  CHECK(tally_wait_up_to_date(client, 15000, &error));
  if (error.code != 0) fprintf(stderr, "sync: E%d %s\n", error.code, error.message);
  CHECK(tally_status(client, &state, &error));
  CHECK(state.phase == TALLY_SYNC_UP_TO_DATE);
  CHECK(state.ops_pending == 0);

  char* json = tally_get_form(client, form, &error);
  CHECK(json != NULL && strstr(json, "\"voted\":700") != NULL);
  tally_free(json);
  char* history = tally_field_history(client, form, "voted", &error);
  CHECK(history != NULL && strstr(history, "\"value\":700") != NULL);
  tally_free(history);
  /* Both ops are acknowledged (up to date, nothing pending): the log holds them. */
  char* receipts = tally_verify_receipts(client, &error);
  CHECK(receipts != NULL && strstr(receipts, "\"ok\":true") != NULL &&
        strstr(receipts, "\"ops_checked\":2") != NULL);
  if (receipts == NULL) fprintf(stderr, "receipts: E%d %s\n", error.code, error.message);
  tally_free(receipts);
  tally_stop_sync(client);
  CHECK(callback_calls > 0);
  CHECK(saw_up_to_date);
  CHECK(last_phase == TALLY_SYNC_OFFLINE);
  tally_close(client);
}

int main(int argc, char** argv) {
  if (argc != 2 && argc != 6) {
    fprintf(stderr, "usage: c_api_test STORE_DIR [SERVER_URL CODE FORM CA_FILE]\n");
    return 2;
  }
  offline_contract(argv[1]);
  if (argc == 6) end_to_end(argv[1], argv[2], argv[3], argv[4], argv[5]);
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
