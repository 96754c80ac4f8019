/* An app's use of the installed libtallysync.so from C99: enrols with a one-time code,
 * records and submits one count, and syncs it to the server.
 *
 * Usage: c_consumer STORE_PATH SERVER_URL ENROLMENT_CODE FORM
 * Prints "c consumer: synced" and exits 0 once the server acknowledged the edit; else
 * prints the failing call's error code and message and exits 1. */
#include <stdio.h>
#include <string.h>
#include <tally/tally_c.h>

static int fail(const char* call, const tally_error* error) {
  fprintf(stderr, "c consumer: %s: E%d %s (%s)\n", call, error->code, error->message,
          tally_errstr(error->code));
  return 1;
}

int main(int argc, char** argv) {
  tally_error error;
  tally_client* client;
  if (argc != 5) {
    fprintf(stderr, "usage: c_consumer STORE_PATH SERVER_URL ENROLMENT_CODE FORM\n");
    return 2;
  }
  if (strcmp(tally_version(), TALLY_VERSION_STRING) != 0) {
    fprintf(stderr, "c consumer: header %s, library %s\n", TALLY_VERSION_STRING, tally_version());
    return 1;
  }
  memset(&error, 0, sizeof error);
  client = tally_open(argv[1], &error);
  if (client == NULL) return fail("tally_open", &error);
  if (!tally_enrol(client, argv[2], argv[3], NULL, 10000, &error) ||
      !tally_set_count(client, argv[4], "voted", 700, &error) ||
      !tally_start_sync(client, &error) || !tally_wait_up_to_date(client, 20000, &error)) {
    tally_close(client);
    return fail("enrol, edit and sync", &error);
  }
  tally_close(client);
  printf("c consumer: synced\n");
  return 0;
}
