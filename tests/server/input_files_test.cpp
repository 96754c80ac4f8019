// Input files that are not what they claim (issue 14, finding 3): read_file, the one
// whole-file read of every tool, refuses what is not a regular file without blocking on it,
// and a file above its bound before reading it; `tallyd init` with such a definition fails
// at once with the code.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "tally/files/read_file.hpp"
#include "tallyd_process.hpp"
#include "temp_dir.hpp"

namespace tally::testkit {
namespace {

TEST(ReadFileTest, ReadsARegularFileWhole) {
  TempDir dir;
  std::ofstream(dir.file("a.json")) << "{\"a\": 1}";
  auto content = tally::read_file(dir.file("a.json"));
  ASSERT_TRUE(content.ok()) << content.error().to_string();
  EXPECT_EQ(*content, "{\"a\": 1}");
}

TEST(ReadFileTest, MissingFileIsNotFound) {
  TempDir dir;
  auto content = tally::read_file(dir.file("absent.json"));
  ASSERT_FALSE(content.ok());
  EXPECT_EQ(content.error().code, ErrorCode::kNotFound);
}

TEST(ReadFileTest, DirectoryIsRefusedAsADirectory) {
  TempDir dir;
  auto content = tally::read_file(dir.path().string());
  ASSERT_FALSE(content.ok());
  EXPECT_EQ(content.error().code, ErrorCode::kNotARegularFile);
  EXPECT_NE(content.error().message.find("a directory"), std::string::npos);
}

TEST(ReadFileTest, FifoIsRefusedWithoutWaitingForAWriter) {
  TempDir dir;
  ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0600), 0);
  auto content = tally::read_file(dir.file("fifo"));  // blocked forever before
  ASSERT_FALSE(content.ok());
  EXPECT_EQ(content.error().code, ErrorCode::kNotARegularFile);
  EXPECT_NE(content.error().message.find("a FIFO"), std::string::npos);
}

TEST(ReadFileTest, EndlessDeviceIsRefusedWithoutReadingIt) {
  auto content = tally::read_file("/dev/zero");  // read until the OOM killer before
  ASSERT_FALSE(content.ok());
  EXPECT_EQ(content.error().code, ErrorCode::kNotARegularFile);
  EXPECT_NE(content.error().message.find("a device"), std::string::npos);
}

TEST(ReadFileTest, FileAboveItsBoundIsRefused) {
  TempDir dir;
  std::ofstream(dir.file("big")) << std::string(2000, 'x');
  auto content = tally::read_file(dir.file("big"), 1999);
  ASSERT_FALSE(content.ok());
  EXPECT_EQ(content.error().code, ErrorCode::kFileTooLarge);
  EXPECT_TRUE(tally::read_file(dir.file("big"), 2000).ok());
}

TEST(InputFilesTest, InitWithAFifoOrADirectoryAsTheDefinitionFailsAtOnceWithTheCode) {
  TempDir dir;
  ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0600), 0);
  for (const std::string& definition :
       {dir.file("fifo"), dir.path().string(), std::string("/dev/zero")}) {
    std::string errors;
    EXPECT_NE(run_tallyd({"init", "--data", dir.file("data-" + std::to_string(definition.size())),
                          "--definition", definition, "--schema", test_schema_path()},
                         nullptr, &errors),
              0);
    EXPECT_NE(errors.find("E805 cannot read " + definition + ": it is a"), std::string::npos)
        << errors;
  }
}

}  // namespace
}  // namespace tally::testkit
