// The enrolment code's QR image (the console's Devices page, POST /api/v1/enrolment-codes):
// a QR code of a text made by Debian's libqrencode, drawn as a small SVG document.
#pragma once

#include <string>
#include <string_view>

#include "tally/error.hpp"

namespace tally::server {

// Modules of light margin around the symbol on every side, as ISO/IEC 18004 asks.
inline constexpr int kQrQuietZoneModules = 4;

// An SVG document of `text`'s QR code (error correction M, the smallest version that holds
// it): width, height and viewBox of (modules + 2 * kQrQuietZoneModules) units, one module
// per unit, a white background and one <path> of the dark modules, `shape-rendering=
// "crispEdges"`. The same text gives the same bytes. kInvalidArgument for a text that no QR
// code holds (over 2331 bytes at M) or that holds a NUL byte.
Result<std::string> qr_svg(std::string_view text);

}  // namespace tally::server
