#include "tally/files/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace tally {
namespace {

Error io_error(const std::string& what, const std::string& path, int error_number) {
  return make_error(error_number == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIoError,
                    what + " " + path + ": " + std::strerror(error_number));
}

// What a file that is not a regular one is, for the message.
const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

Error too_large(const std::string& path, std::size_t max_bytes) {
  return make_error(
      ErrorCode::kFileTooLarge,
      "cannot read " + path + ": larger than the limit of " + std::to_string(max_bytes) + " bytes");
}

// Closes the descriptor on every way out.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  const Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)};
  if (file.fd < 0) return io_error("cannot open", path, errno);
  struct stat status {};
  if (::fstat(file.fd, &status) != 0) return io_error("cannot stat", path, errno);
  if (!S_ISREG(status.st_mode)) {
    return make_error(ErrorCode::kNotARegularFile,
                      "cannot read " + path + ": it is " + kind_of(status.st_mode));
  }
  if (static_cast<std::uint64_t>(status.st_size) > max_bytes) return too_large(path, max_bytes);
  std::string content(static_cast<std::size_t>(status.st_size), '\0');
  std::size_t filled = 0;
  while (true) {
    // One byte beyond the size fstat gave tells a file still growing past the bound.
    if (filled == content.size()) {
      if (content.size() > max_bytes) return too_large(path, max_bytes);
      content.resize(content.size() + std::min<std::size_t>(max_bytes + 1 - content.size(), 65536));
    }
    const ssize_t n = ::read(file.fd, content.data() + filled, content.size() - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot read", path, errno);
    }
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
  }
  content.resize(filled);
  return content;
}

}  // namespace tally
