#include "tally/engine/dot_set.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace tally::engine
