#include "export/tar_archive.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace tally::server {

namespace {

struct ArchiveFree {
  void operator()(archive* writer) const { archive_write_free(writer); }
};
struct EntryFree {
  void operator()(archive_entry* entry) const { archive_entry_free(entry); }
};

la_ssize_t append_to_string(archive* /*writer*/, void* out, const void* bytes, size_t size) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(bytes), size);
  return static_cast<la_ssize_t>(size);
}

Error archive_error(archive* writer, const std::string& what) {
  const char* message = archive_error_string(writer);
  return make_error(ErrorCode::kInternal,
                    "libarchive: " + what + ": " + (message != nullptr ? message : "failed"));
}

}  // namespace

Result<std::string> tar_archive(std::span<const ExportFile> files, std::int64_t mtime_s) {
  std::string out;
  const std::unique_ptr<archive, ArchiveFree> writer(archive_write_new());
  if (!writer) return make_error(ErrorCode::kInternal, "libarchive: out of memory");
  if (archive_write_set_format_pax_restricted(writer.get()) != ARCHIVE_OK ||
      archive_write_add_filter_none(writer.get()) != ARCHIVE_OK ||
      archive_write_open(writer.get(), &out, nullptr, append_to_string, nullptr) != ARCHIVE_OK) {
    return archive_error(writer.get(), "opening the archive");
  }
  for (const ExportFile& file : files) {
    const std::unique_ptr<archive_entry, EntryFree> entry(archive_entry_new());
    if (!entry) return make_error(ErrorCode::kInternal, "libarchive: out of memory");
    archive_entry_set_pathname(entry.get(), file.name.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(file.bytes.size()));
    archive_entry_set_mtime(entry.get(), mtime_s, 0);
    archive_entry_set_uid(entry.get(), 0);
    archive_entry_set_gid(entry.get(), 0);
    if (archive_write_header(writer.get(), entry.get()) != ARCHIVE_OK) {
      return archive_error(writer.get(), "the header of " + file.name);
    }
    if (!file.bytes.empty() &&
        archive_write_data(writer.get(), file.bytes.data(), file.bytes.size()) !=
            static_cast<la_ssize_t>(file.bytes.size())) {
      return archive_error(writer.get(), "the bytes of " + file.name);
    }
  }
  if (archive_write_close(writer.get()) != ARCHIVE_OK) {
    return archive_error(writer.get(), "closing the archive");
  }
  return out;
}

}  // namespace tally::server
