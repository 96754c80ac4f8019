#include "tally/files/write_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tally {
namespace {

Error io_error(const std::string& what, const std::string& path, int error_number) {
  return make_error(error_number == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIoError,
                    what + " " + path + ": " + std::strerror(error_number));
}

Status write_fd(int fd, const std::string& path, const std::string& content) {
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot write", path, errno);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return io_error("cannot sync", path, errno);
  return {};
}

Status write_with_mode(const std::string& path, const std::string& content, int flags,
                       mode_t mode) {
  const int fd = ::open(path.c_str(), flags | O_WRONLY | O_CLOEXEC, mode);
  if (fd < 0) return io_error("cannot create", path, errno);
  auto status = write_fd(fd, path, content);
  if (::close(fd) != 0 && status.ok()) return io_error("cannot close", path, errno);
  return status;
}

}  // namespace

Status write_private_file(const std::string& path, const std::string& content, bool replace) {
  // A replacement is written beside the file and renamed over it: a reader sees the old
  // content or the new, never a truncated file.
  const std::string target = replace ? path + ".tmp" : path;
  const int flags = O_CREAT | (replace ? O_TRUNC : O_EXCL);
  if (auto status = write_with_mode(target, content, flags, 0600); !status) return status;
  if (::chmod(target.c_str(), 0600) != 0) return io_error("cannot chmod", target, errno);
  if (replace && ::rename(target.c_str(), path.c_str()) != 0) {
    return io_error("cannot rename into", path, errno);
  }
  return {};
}

Status write_file_atomically(const std::string& path, const std::string& content) {
  const std::string temporary = path + ".tmp";
  if (auto status = write_with_mode(temporary, content, O_CREAT | O_TRUNC, 0644); !status) {
    return status;
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    return io_error("cannot rename into", path, errno);
  }
  return {};
}

}  // namespace tally
