// The C API of tally_c.h over tally::client::Client. Every entry point catches every
// C++ exception and turns it into a tally_error; no C++ type crosses the boundary.
#include "tally/tally_c.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>

#include "tally/client/client.hpp"
#include "tally/client/form_json.hpp"
#include "tally/files/read_file.hpp"

struct tally_client {
  std::unique_ptr<tally::client::Client> client;
  std::mutex callback_mutex;
  tally_state_callback callback = nullptr;
  void* user = nullptr;
};

namespace {

using tally::Error;
using tally::ErrorCode;
using tally::ErrorDomain;

void fill(tally_error* out, const Error& error) {
  if (out == nullptr) return;
  out->domain = static_cast<int>(error.domain());
  out->code = static_cast<int>(error.code);
  out->transient = error.transient;
  std::size_t length = std::min(error.message.size(), sizeof(out->message) - 1);
  std::memcpy(out->message, error.message.data(), length);
  out->message[length] = '\0';
}

void clear(tally_error* out) {
  if (out != nullptr) fill(out, Error{ErrorCode::kOk, "", false});
}

Error invalid_argument(const char* what) {
  return tally::make_error(ErrorCode::kInvalidArgument, std::string(what) + " must not be NULL");
}

// Runs `body` (which returns Status or Result<T>), catching everything; fills `error`.
template <typename Body>
auto guard(tally_error* error, Body&& body) -> decltype(body()) {
  try {
    auto result = body();
    if (result.ok()) {
      clear(error);
    } else {
      fill(error, result.error());
    }
    return result;
  } catch (const std::bad_alloc&) {
    Error oom = tally::make_error(ErrorCode::kInternal, "out of memory", true);
    fill(error, oom);
    return oom;
  } catch (const std::exception& exception) {
    Error internal =
        tally::make_error(ErrorCode::kInternal, std::string("internal error: ") + exception.what());
    fill(error, internal);
    return internal;
  } catch (...) {
    Error internal = tally::make_error(ErrorCode::kInternal, "internal error: unknown exception");
    fill(error, internal);
    return internal;
  }
}

char* duplicate(const std::string& text) {
  auto* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy == nullptr) throw std::bad_alloc();
  std::memcpy(copy, text.c_str(), text.size() + 1);
  return copy;
}

tally::Result<tally::engine::FormId> form_arg(const char* form) {
  if (form == nullptr) return invalid_argument("form");
  return tally::engine::parse_form_id(form);
}

void to_c_state(const tally::client::SyncState& state, tally_sync_state* out) {
  out->phase = static_cast<tally_sync_phase>(state.phase);
  out->ops_pending = state.ops_pending;
  out->has_error = state.last_error.has_value();
  if (state.last_error) {
    fill(&out->last_error, *state.last_error);
  } else {
    clear(&out->last_error);
  }
}

// Calls on one form share this shape: check the handle and the form id, then `call`.
template <typename Call>
bool form_call(tally_client* client, const char* form, tally_error* error, Call&& call) {
  return guard(error,
               [&]() -> tally::Status {
                 if (client == nullptr) return invalid_argument("client");
                 auto id = form_arg(form);
                 if (!id.ok()) return std::move(id).error();
                 return call(*id);
               })
      .ok();
}

// Calls on one field of one form: as form_call, and the field must not be NULL.
template <typename Call>
bool field_call(tally_client* client, const char* form, const char* field, tally_error* error,
                Call&& call) {
  return form_call(client, form, error, [&](const tally::engine::FormId& id) -> tally::Status {
    if (field == nullptr) return invalid_argument("field");
    return call(id);
  });
}

}  // namespace

extern "C" {

const char* tally_version(void) { return TALLY_VERSION_STRING; }

const char* tally_errstr(int code) {
  return tally::error_name(static_cast<tally::ErrorCode>(code));
}

tally_client* tally_open(const char* store_path, tally_error* error) {
  tally_client* handle = nullptr;
  (void)guard(error, [&]() -> tally::Status {
    if (store_path == nullptr) return invalid_argument("store_path");
    auto client = tally::client::Client::open(store_path);
    if (!client.ok()) return std::move(client).error();
    handle = new tally_client;
    handle->client = std::move(client).value();
    handle->client->set_state_observer([handle](const tally::client::SyncState& state) {
      std::lock_guard lock(handle->callback_mutex);
      if (handle->callback == nullptr) return;
      tally_sync_state c_state{};
      to_c_state(state, &c_state);
      handle->callback(handle->user, &c_state);
    });
    return {};
  });
  return handle;
}

void tally_close(tally_client* client) {
  if (client == nullptr) return;
  try {
    client->client->stop_sync();
  } catch (...) {  // closing must not throw into C
  }
  delete client;
}

void tally_free(void* pointer) { std::free(pointer); }

bool tally_enrol(tally_client* client, const char* server_url, const char* code,
                 const char* ca_file, int timeout_ms, tally_error* error) {
  return guard(error,
               [&]() -> tally::Status {
                 if (client == nullptr) return invalid_argument("client");
                 if (server_url == nullptr) return invalid_argument("server_url");
                 if (code == nullptr) return invalid_argument("code");
                 tally::client::EnrolRequest request;
                 request.server_url = server_url;
                 request.code = code;
                 if (timeout_ms > 0) request.timeout = std::chrono::milliseconds(timeout_ms);
                 if (ca_file != nullptr) {
                   auto pem = tally::read_file(ca_file, tally::kMaxSmallFileBytes);
                   if (!pem.ok()) return std::move(pem).error();
                   request.ca_pem = std::move(pem).value();
                 }
                 return client->client->enrol(request);
               })
      .ok();
}

bool tally_set_count(tally_client* client, const char* form, const char* field, int64_t value,
                     tally_error* error) {
  return field_call(client, form, field, error, [&](const tally::engine::FormId& id) {
    return client->client->set_count(id, field, value);
  });
}

bool tally_set_text(tally_client* client, const char* form, const char* field, const char* text,
                    tally_error* error) {
  return field_call(client, form, field, error, [&](const tally::engine::FormId& id) {
    if (text == nullptr) return tally::Status(invalid_argument("text"));
    return client->client->set_text(id, field, text);
  });
}

bool tally_clear(tally_client* client, const char* form, const char* field, tally_error* error) {
  return field_call(client, form, field, error, [&](const tally::engine::FormId& id) {
    return client->client->clear(id, field);
  });
}

bool tally_submit(tally_client* client, const char* form, tally_error* error) {
  return form_call(client, form, error,
                   [&](const tally::engine::FormId& id) { return client->client->submit(id); });
}

bool tally_withdraw(tally_client* client, const char* form, tally_error* error) {
  return form_call(client, form, error,
                   [&](const tally::engine::FormId& id) { return client->client->withdraw(id); });
}

bool tally_adjudicate_count(tally_client* client, const char* form, const char* field,
                            int64_t value, tally_error* error) {
  return field_call(client, form, field, error, [&](const tally::engine::FormId& id) {
    return client->client->adjudicate(id, field, tally::engine::OpValue(value));
  });
}

bool tally_adjudicate_text(tally_client* client, const char* form, const char* field,
                           const char* text, tally_error* error) {
  return field_call(client, form, field, error, [&](const tally::engine::FormId& id) {
    if (text == nullptr) return tally::Status(invalid_argument("text"));
    return client->client->adjudicate(id, field, tally::engine::OpValue(std::string(text)));
  });
}

char* tally_get_form(tally_client* client, const char* form, tally_error* error) {
  char* json = nullptr;
  (void)guard(error, [&]() -> tally::Status {
    if (client == nullptr) return invalid_argument("client");
    auto id = form_arg(form);
    if (!id.ok()) return std::move(id).error();
    auto view = client->client->form(*id);
    if (!view.ok()) return std::move(view).error();
    json = duplicate(tally::client::form_to_json(*view));
    return {};
  });
  return json;
}

char* tally_list_forms(tally_client* client, tally_error* error) {
  char* json = nullptr;
  (void)guard(error, [&]() -> tally::Status {
    if (client == nullptr) return invalid_argument("client");
    json = duplicate(tally::client::forms_to_json(client->client->forms()));
    return {};
  });
  return json;
}

char* tally_field_history(tally_client* client, const char* form, const char* field,
                          tally_error* error) {
  char* json = nullptr;
  (void)field_call(client, form, field, error,
                   [&](const tally::engine::FormId& id) -> tally::Status {
                     auto history = client->client->history(id, field);
                     if (!history.ok()) return std::move(history).error();
                     json = duplicate(tally::client::history_to_json(*history));
                     return {};
                   });
  return json;
}

char* tally_verify_receipts(tally_client* client, tally_error* error) {
  char* json = nullptr;
  (void)guard(error, [&]() -> tally::Status {
    if (client == nullptr) return invalid_argument("client");
    auto check = client->client->verify_receipts();
    if (!check.ok()) return std::move(check).error();
    json = duplicate(tally::client::receipt_check_to_json(*check));
    return {};
  });
  return json;
}

bool tally_status(tally_client* client, tally_sync_state* state, tally_error* error) {
  return guard(error,
               [&]() -> tally::Status {
                 if (client == nullptr) return invalid_argument("client");
                 if (state == nullptr) return invalid_argument("state");
                 to_c_state(client->client->sync_state(), state);
                 return {};
               })
      .ok();
}

void tally_set_state_callback(tally_client* client, tally_state_callback callback, void* user) {
  if (client == nullptr) return;
  std::lock_guard lock(client->callback_mutex);
  client->callback = callback;
  client->user = user;
}

bool tally_start_sync(tally_client* client, tally_error* error) {
  return guard(error,
               [&]() -> tally::Status {
                 if (client == nullptr) return invalid_argument("client");
                 return client->client->start_sync();
               })
      .ok();
}

void tally_stop_sync(tally_client* client) {
  if (client == nullptr) return;
  try {
    client->client->stop_sync();
  } catch (...) {  // nothing may escape into C
  }
}

bool tally_sync_now(tally_client* client, tally_error* error) {
  return guard(error,
               [&]() -> tally::Status {
                 if (client == nullptr) return invalid_argument("client");
                 client->client->sync_now();
                 return {};
               })
      .ok();
}

bool tally_wait_up_to_date(tally_client* client, int timeout_ms, tally_error* error) {
  return guard(error,
               [&]() -> tally::Status {
                 if (client == nullptr) return invalid_argument("client");
                 if (client->client->wait_until_up_to_date(
                         std::chrono::milliseconds(timeout_ms < 0 ? 0 : timeout_ms))) {
                   return {};
                 }
                 auto state = client->client->sync_state();
                 std::string detail =
                     state.last_error ? " (last error: " + state.last_error->to_string() + ")" : "";
                 return tally::make_error(
                     ErrorCode::kTimeout,
                     "not up to date after " + std::to_string(timeout_ms) + " ms" + detail, true);
               })
      .ok();
}

}  // extern "C"
