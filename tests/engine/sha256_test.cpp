#include "tally/engine/sha256.hpp"

#include <gtest/gtest.h>

#include "tally/engine/hex.hpp"

namespace tally::engine {
namespace {

TEST(Sha256Test, MatchesTheStandardTestVector) {
  EXPECT_EQ(to_hex(sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, IncrementalHashingEqualsOneShot) {
  Sha256 hasher;
  hasher.update("a").update("bc");
  EXPECT_EQ(hasher.finish(), sha256("abc"));
}

}  // namespace
}  // namespace tally::engine
