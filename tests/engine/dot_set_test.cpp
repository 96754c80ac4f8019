#include "tally/engine/dot_set.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <string>

#include "tally/engine/op.hpp"

namespace tally::engine {
namespace {

TEST(DotSetTest, InOrderDotsStayAPrefix) {
  DotSet set;
  for (std::uint64_t c = 1; c <= 1000; ++c) set.add(Dot{"dev-a", c});
  EXPECT_EQ(set.contiguous("dev-a"), 1000u);
  EXPECT_TRUE(set.devices().at("dev-a").exceptions.empty());
}

TEST(DotSetTest, OutOfOrderDotsFoldIntoThePrefixOnceTheGapCloses) {
  DotSet set;
  set.add(Dot{"dev-a", 3});
  set.add(Dot{"dev-a", 2});
  EXPECT_FALSE(set.contains(Dot{"dev-a", 1}));
  EXPECT_EQ(set.contiguous("dev-a"), 0u);
  set.add(Dot{"dev-a", 1});
  EXPECT_EQ(set.contiguous("dev-a"), 3u);
  EXPECT_TRUE(set.devices().at("dev-a").exceptions.empty());
}

TEST(DotSetTest, CoversComparesPrefixesAndExceptions) {
  DotSet big;
  big.add(Dot{"a", 1});
  big.add(Dot{"a", 2});
  big.add(Dot{"a", 5});
  DotSet small;
  small.add(Dot{"a", 5});
  EXPECT_TRUE(big.covers(small));
  small.add(Dot{"a", 4});
  EXPECT_FALSE(big.covers(small));
  DotSet other_device;
  other_device.add(Dot{"b", 1});
  EXPECT_FALSE(big.covers(other_device));
  big.merge(other_device);
  EXPECT_TRUE(big.covers(other_device));
}

TEST(DotSetTest, FromDevicesNormalisesAndDropsEmptyDevices) {
  DotSet set = DotSet::from_devices(
      {{"a", DotSet::DeviceDots{1, {2, 3, 7}}}, {"b", DotSet::DeviceDots{0, {}}}});
  EXPECT_EQ(set.contiguous("a"), 3u);
  EXPECT_EQ(set.devices().count("b"), 0u);
  EXPECT_TRUE(set.contains(Dot{"a", 7}));
}

TEST(DotSetTest, InsertSaysWhetherTheDotIsNew) {
  DotSet set;
  EXPECT_TRUE(set.insert(Dot{"a", 1}));
  EXPECT_FALSE(set.insert(Dot{"a", 1}));
  EXPECT_TRUE(set.insert(Dot{"a", 3}));
  EXPECT_FALSE(set.insert(Dot{"a", 3}));
  EXPECT_TRUE(set.insert(Dot{"a", 2}));
  EXPECT_EQ(set.contiguous("a"), 3u);
  EXPECT_FALSE(set.insert(Dot{"a", 0}));
}

TEST(DotSetTest, FromDevicesSortsDevicesAndExceptionsAndUnitesARepeatedDevice) {
  DotSet set = DotSet::from_devices({{"b", DotSet::DeviceDots{0, {5, 1, 3, 3}}},
                                     {"a", DotSet::DeviceDots{2, {}}},
                                     {"b", DotSet::DeviceDots{0, {2}}}});
  ASSERT_EQ(set.devices().size(), 2u);
  EXPECT_EQ(set.devices().begin()->first, "a");
  EXPECT_EQ(set.devices().at("b"), (DotSet::DeviceDots{3, {5}}));
  DotSet same;
  for (std::uint64_t c : {1U, 2U, 3U, 5U}) same.add(Dot{"b", c});
  for (std::uint64_t c : {2U, 1U}) same.add(Dot{"a", c});
  EXPECT_EQ(set, same);
}

TEST(DotSetTest, DevicesViewLooksUpLikeAMap) {
  DotSet set;
  set.add(Dot{"dev-b", 1});
  set.add(Dot{"dev-a", 4});
  EXPECT_EQ(set.devices().count("dev-a"), 1u);
  EXPECT_EQ(set.devices().find("dev-c"), set.devices().end());
  EXPECT_EQ(set.devices().at("dev-a").exceptions, std::vector<std::uint64_t>{4});
  EXPECT_THROW((void)set.devices().at("dev-c"), std::out_of_range);
  std::string order;
  for (const auto& [device, dots] : set.devices()) {
    order += device + ":" + std::to_string(dots.prefix) + " ";
  }
  EXPECT_EQ(order, "dev-a:0 dev-b:1 ");
}

// Checks DotSet against a plain set of dots: random inserts into two sets, merges of one
// into the other, on up to five devices (more than the two a set holds inline). After each
// step every answer must match the model, the set must be in normal form, and a set built
// by inserting the model's dots in order must be equal to it (one representation per set).
TEST(DotSetTest, AgreesWithAPlainSetOfDotsUnderRandomInsertsAndMerges) {
  constexpr std::uint64_t kSeed = 20210523;
  std::mt19937_64 random(kSeed);
  const std::vector<std::string> devices{"a", "b", "c", "d", "e"};
  auto random_dot = [&] { return Dot{devices[random() % devices.size()], 1 + random() % 12}; };
  auto check = [&](const DotSet& set, const std::set<Dot>& model, int step) {
    SCOPED_TRACE("seed " + std::to_string(kSeed) + ", step " + std::to_string(step));
    for (const std::string& device : devices) {
      std::uint64_t prefix = 0;
      for (std::uint64_t c = 1; c <= 13; ++c) {
        ASSERT_EQ(set.contains(Dot{device, c}), model.contains(Dot{device, c})) << device << c;
        if (prefix == c - 1 && model.contains(Dot{device, c})) prefix = c;
      }
      ASSERT_EQ(set.contiguous(device), prefix) << device;
    }
    std::string previous;
    for (const auto& [device, dots] : set.devices()) {
      ASSERT_LT(previous, device);
      ASSERT_TRUE(dots.prefix > 0 || !dots.exceptions.empty());
      ASSERT_TRUE(std::is_sorted(dots.exceptions.begin(), dots.exceptions.end()));
      ASSERT_TRUE(dots.exceptions.empty() || dots.exceptions.front() > dots.prefix + 1);
      previous = device;
    }
    DotSet rebuilt;
    for (const Dot& dot : model) rebuilt.add(dot);
    ASSERT_EQ(set, rebuilt);
  };
  for (int round = 0; round < 200; ++round) {
    DotSet mine;
    DotSet theirs;
    std::set<Dot> my_model;
    std::set<Dot> their_model;
    for (int step = 0; step < 40; ++step) {
      const Dot dot = random_dot();
      switch (random() % 4) {
        case 0:
        case 1:
          ASSERT_EQ(mine.insert(dot), my_model.insert(dot).second);
          break;
        case 2:
          theirs.add(dot);
          their_model.insert(dot);
          break;
        default:
          ASSERT_EQ(mine.covers(theirs), std::includes(my_model.begin(), my_model.end(),
                                                       their_model.begin(), their_model.end()));
          mine.merge(theirs);
          my_model.insert(their_model.begin(), their_model.end());
          ASSERT_TRUE(mine.covers(theirs));
          break;
      }
      check(mine, my_model, step);
    }
  }
}

}  // namespace
}  // namespace tally::engine
