#include "api/qr_svg.hpp"

#include <qrencode.h>

#include <cerrno>
#include <memory>

namespace tally::server {

namespace {

struct QrCodeFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

Result<std::string> qr_svg(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) {
    return make_error(ErrorCode::kInvalidArgument, "a QR code's text cannot hold a NUL byte");
  }
  const std::string terminated(text);
  errno = 0;
  // Version 0: the smallest that holds the text; case-sensitive, 8-bit for non-alphanumerics.
  const std::unique_ptr<QRcode, QrCodeFree> code(
      QRcode_encodeString(terminated.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!code) {
    if (errno == ERANGE) {
      return make_error(ErrorCode::kInvalidArgument,
                        "a text of " + std::to_string(text.size()) +
                            " bytes does not fit a QR code (at most 2331 bytes at error "
                            "correction M)");
    }
    return make_error(ErrorCode::kInternal, "libqrencode could not encode the text (errno " +
                                                std::to_string(errno) + ")");
  }
  const int modules = code->width;
  const std::string size = std::to_string(modules + 2 * kQrQuietZoneModules);
  std::string path;
  // One subpath per run of dark modules in a row: M x y h run v 1 h -run z.
  for (int y = 0; y < modules; ++y) {
    for (int x = 0; x < modules;) {
      if ((code->data[y * modules + x] & 1) == 0) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < modules && (code->data[y * modules + x + run] & 1) != 0) ++run;
      const std::string length = std::to_string(run);
      path += "M" + std::to_string(x + kQrQuietZoneModules) + " " +
              std::to_string(y + kQrQuietZoneModules) + "h" + length + "v1h-" + length + "z";
      x += run;
    }
  }
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + size + "\" height=\"" + size +
         "\" viewBox=\"0 0 " + size + " " + size +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>\n";
}

}  // namespace tally::server
