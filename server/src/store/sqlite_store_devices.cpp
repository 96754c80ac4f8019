// The SQLite store's devices, enrolment codes and logged equivocations: written with a
// group commit, loaded at start-up.
#include <utility>

#include "store/sqlite_store_impl.hpp"

namespace tally::server {

Status SqliteStore::write_devices(const WriteSet& writes) {
  for (const auto& device : writes.new_devices) {
    insert_device_.bind(1, device.id)
        .bind_blob(2, as_bytes(device.public_key))
        .bind(3, static_cast<std::int64_t>(device.role))
        .bind(4, device.station)
        .bind(5, device.label)
        .bind(6, as_int(device.enrolled_ms))
        .bind(7, std::int64_t{device.revoked ? 1 : 0});
    if (auto status = insert_device_.run(); !status) return status;
  }
  for (const auto& code : writes.new_codes) {
    insert_code_.bind_blob(1, as_bytes(code.code_hash))
        .bind(2, code.station)
        .bind(3, static_cast<std::int64_t>(code.role))
        .bind(4, as_int(code.created_ms))
        .bind(5, as_int(code.expires_ms))
        .bind(6, code.used_by);
    if (auto status = insert_code_.run(); !status) return status;
  }
  for (const auto& code : writes.used_codes) {
    use_code_.bind(1, code.used_by).bind_blob(2, as_bytes(code.code_hash));
    if (auto status = use_code_.run(); !status) return status;
  }
  for (const auto& device : writes.revoked_devices) {
    revoke_device_.bind(1, device);
    if (auto status = revoke_device_.run(); !status) return status;
  }
  for (const auto& equivocation : writes.equivocations) {
    insert_equivocation_.bind(1, equivocation.dot.device)
        .bind(2, as_int(equivocation.dot.counter))
        .bind_blob(3, equivocation.received_op)
        .bind(4, as_int(equivocation.receive_ms));
    if (auto status = insert_equivocation_.run(); !status) return status;
  }
  return {};
}

Result<std::vector<DeviceRow>> SqliteStore::load_devices() {
  std::vector<DeviceRow> devices;
  auto status = for_each_row(
      "SELECT id, public_key, role, station, label, enrolled_ms, revoked FROM devices "
      "ORDER BY id",
      [&](const sqlite::Statement& row) -> Status {
        DeviceRow device;
        device.id = row.column_text(0);
        if (auto copied = copy_fixed(row.column_blob(1), device.public_key, "device key");
            !copied) {
          return copied;
        }
        device.role = static_cast<engine::Role>(row.column_int(2));
        device.station = row.column_text(3);
        device.label = row.column_text(4);
        device.enrolled_ms = as_uint(row.column_int(5));
        device.revoked = row.column_int(6) != 0;
        devices.push_back(std::move(device));
        return {};
      });
  if (!status) return std::move(status).error();
  return devices;
}

Result<std::vector<EnrolmentCodeRow>> SqliteStore::load_enrolment_codes() {
  std::vector<EnrolmentCodeRow> codes;
  auto status = for_each_row(
      "SELECT code_hash, station, role, created_ms, expires_ms, used_by FROM enrolment_codes "
      "ORDER BY created_ms",
      [&](const sqlite::Statement& row) -> Status {
        EnrolmentCodeRow code;
        if (auto copied = copy_fixed(row.column_blob(0), code.code_hash, "code hash"); !copied) {
          return copied;
        }
        code.station = row.column_text(1);
        code.role = static_cast<engine::Role>(row.column_int(2));
        code.created_ms = as_uint(row.column_int(3));
        code.expires_ms = as_uint(row.column_int(4));
        code.used_by = row.column_text(5);
        codes.push_back(std::move(code));
        return {};
      });
  if (!status) return std::move(status).error();
  return codes;
}

Result<std::vector<EquivocationRow>> SqliteStore::load_equivocations() {
  std::vector<EquivocationRow> rows;
  auto status = for_each_row(
      "SELECT device, counter, received_op, receive_ms FROM equivocations ORDER BY id",
      [&](const sqlite::Statement& row) -> Status {
        rows.push_back(EquivocationRow{engine::Dot{row.column_text(0), as_uint(row.column_int(1))},
                                       row.column_blob(2), as_uint(row.column_int(3))});
        return {};
      });
  if (!status) return std::move(status).error();
  return rows;
}

}  // namespace tally::server
