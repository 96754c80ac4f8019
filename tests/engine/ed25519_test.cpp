#include "tally/engine/ed25519.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tally/engine/crypto_random.hpp"

namespace tally::engine {
namespace {

template <std::size_t N>
std::array<std::uint8_t, N> from_hex(const std::string& hex) {
  std::array<std::uint8_t, N> bytes{};
  for (std::size_t i = 0; i < N; ++i) {
    bytes[i] = static_cast<std::uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
  }
  return bytes;
}

// RFC 8032, section 7.1, TEST 1 (empty message).
const auto kSeed1 =
    from_hex<32>("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
const auto kPublic1 =
    from_hex<32>("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
const auto kSignature1 = from_hex<64>(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39"
    "701cf9b46bd25bf5f0595bbe24655141438e7a100b");

TEST(Ed25519Test, DerivesTheRfc8032PublicKeyFromTheSeed) {
  auto pair = keypair_from_seed(kSeed1);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  EXPECT_EQ(pair->public_key(), kPublic1);
  EXPECT_EQ(pair->seed(), kSeed1);
}

TEST(Ed25519Test, SignsTheRfc8032TestVectorExactly) {
  auto pair = keypair_from_seed(kSeed1);
  ASSERT_TRUE(pair.ok());
  auto signature = pair->sign("");
  ASSERT_TRUE(signature.ok()) << signature.error().to_string();
  EXPECT_EQ(*signature, kSignature1);
  EXPECT_TRUE(verify(kPublic1, "", kSignature1));
}

TEST(Ed25519Test, RejectsAnAlteredMessageSignatureOrKey) {
  auto pair = keypair_from_seed(kSeed1);
  ASSERT_TRUE(pair.ok());
  auto signature = pair->sign("tally");
  ASSERT_TRUE(signature.ok());
  EXPECT_TRUE(verify(kPublic1, "tally", *signature));
  EXPECT_FALSE(verify(kPublic1, "tallY", *signature));
  Ed25519Signature altered = *signature;
  altered[10] ^= 0x01;
  EXPECT_FALSE(verify(kPublic1, "tally", altered));
  Ed25519PublicKey other = kPublic1;
  other[0] ^= 0x01;
  EXPECT_FALSE(verify(other, "tally", *signature));
}

TEST(Ed25519Test, RandomSeedsGiveDistinctWorkingKeys) {
  auto seed_a = random_seed();
  auto seed_b = random_seed();
  ASSERT_TRUE(seed_a.ok() && seed_b.ok());
  EXPECT_NE(*seed_a, *seed_b);
  auto pair = keypair_from_seed(*seed_a);
  ASSERT_TRUE(pair.ok());
  auto signature = pair->sign("hello");
  ASSERT_TRUE(signature.ok());
  EXPECT_TRUE(verify(pair->public_key(), "hello", *signature));
}

}  // namespace
}  // namespace tally::engine
