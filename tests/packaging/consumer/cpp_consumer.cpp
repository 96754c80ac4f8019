// An app's use of the installed C++ client library (static): enrols with a one-time code,
// records one count, and syncs it to the server.
//
// Usage: cpp_consumer STORE_PATH SERVER_URL ENROLMENT_CODE FORM
// Prints "c++ consumer: synced" and exits 0 once the server acknowledged the edit; else
// prints the error with its code and exits 1.
#include <chrono>
#include <iostream>
#include <string>
#include <tally/client/client.hpp>

namespace {

// Code and message apart, not Error::to_string(): its `"E" + std::string` trips g++ 12's
// false -Wrestrict at -O3 (GCC bug 105329), which this -Werror build would fail on.
int fail(const char* what, const tally::Error& error) {
  std::cerr << "c++ consumer: " << what << ": E" << static_cast<unsigned>(error.code) << " "
            << error.message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: cpp_consumer STORE_PATH SERVER_URL ENROLMENT_CODE FORM\n";
    return 2;
  }
  auto form = tally::engine::parse_form_id(argv[4]);
  if (!form.ok()) return fail("form", form.error());
  auto client = tally::client::Client::open(argv[1]);
  if (!client.ok()) return fail("open", client.error());
  tally::client::EnrolRequest request;
  request.server_url = argv[2];
  request.code = argv[3];
  request.label = "cpp-consumer";
  if (auto status = client.value()->enrol(request); !status.ok())
    return fail("enrol", status.error());
  if (auto status = client.value()->set_count(form.value(), "voted", 700); !status.ok()) {
    return fail("set_count", status.error());
  }
  if (auto status = client.value()->start_sync(); !status.ok()) return fail("sync", status.error());
  if (!client.value()->wait_until_up_to_date(std::chrono::seconds(20))) {
    std::cerr << "c++ consumer: not up to date within 20 s\n";
    return 1;
  }
  std::cout << "c++ consumer: synced\n";
  return 0;
}
