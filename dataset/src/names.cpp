#include "names.hpp"

#include <array>
#include <string_view>
#include <vector>

namespace tally::engine::dataset {

namespace {

// A name part and how often it is drawn relative to the others of its list.
struct Weighted {
  std::string_view text;
  std::int64_t weight;
};

const std::vector<Weighted> kFamilyNames = {
    {"Nguyễn", 30}, {"Trần", 8},  {"Lê", 7},   {"Phạm", 5},  {"Hoàng", 6}, {"Vũ", 4},  {"Đặng", 3},
    {"Bùi", 3},     {"Đỗ", 3},    {"Hồ", 2},   {"Ngô", 2},   {"Dương", 3}, {"Lý", 2},  {"Ma", 3},
    {"Hà", 3},      {"Lương", 2}, {"Nông", 3}, {"Đinh", 2},  {"Phan", 2},  {"La", 1},  {"Đàm", 1},
    {"Triệu", 1},   {"Lâm", 1},   {"Mai", 1},  {"Trịnh", 1}, {"Tạ", 1},    {"Chu", 1}, {"Âu", 1}};

const std::vector<Weighted> kMaleMiddleNames = {
    {"Văn", 24}, {"Đức", 4},   {"Minh", 4},  {"Quang", 3}, {"Hữu", 3},  {"Xuân", 2}, {"Mạnh", 2},
    {"Ngọc", 2}, {"Trọng", 2}, {"Thanh", 2}, {"Công", 2},  {"Tiến", 1}, {"Đình", 2}, {"Anh", 1}};

const std::vector<Weighted> kFemaleMiddleNames = {
    {"Thị", 22},    {"Thu", 2},       {"Thanh", 2},    {"Ngọc", 2},     {"Minh", 1},
    {"Hồng", 2},    {"Kim", 1},       {"Phương", 1},   {"Thúy", 1},     {"Diệu", 1},
    {"Thị Thu", 2}, {"Thị Thanh", 2}, {"Thị Minh", 1}, {"Thị Hồng", 1}, {"Thị Kim", 1}};

const std::vector<std::string_view> kMaleGivenNames = {
    "An",  "Bình",  "Chiến", "Cường", "Dũng",  "Duy",   "Đạt",   "Định",  "Giang", "Hải",
    "Hào", "Hiếu",  "Hòa",   "Hùng",  "Huy",   "Khải",  "Khánh", "Kiên",  "Lâm",   "Long",
    "Lợi", "Mạnh",  "Nam",   "Nghĩa", "Phong", "Phúc",  "Quân",  "Quang", "Quyết", "Sơn",
    "Tài", "Thắng", "Thành", "Thịnh", "Toàn",  "Trung", "Tuấn",  "Tùng",  "Việt",  "Vinh"};

const std::vector<std::string_view> kFemaleGivenNames = {
    "Anh",  "Chi",  "Dung",  "Duyên", "Giang", "Hà",   "Hạnh",   "Hằng",  "Hiền",
    "Hoa",  "Hồng", "Huệ",   "Hương", "Lan",   "Liên", "Linh",   "Loan",  "Mai",
    "Minh", "Nga",  "Ngân",  "Ngọc",  "Nhung", "Oanh", "Phương", "Quyên", "Thảo",
    "Thơm", "Thủy", "Trang", "Tuyết", "Vân",   "Xuân", "Yến"};

std::string_view pick(Random& random, const std::vector<Weighted>& parts) {
  std::vector<std::int64_t> weights;
  weights.reserve(parts.size());
  for (const Weighted& part : parts) weights.push_back(part.weight);
  return parts[random.weighted_index(weights)].text;
}

std::string_view pick(Random& random, const std::vector<std::string_view>& parts) {
  return parts[random.index(parts.size())];
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

}  // namespace

std::string person_name(Random& random) {
  // Roughly two candidates in five are women.
  bool woman = random.chance(400);
  std::string_view middle =
      woman ? pick(random, kFemaleMiddleNames) : pick(random, kMaleMiddleNames);
  std::string_view given = woman ? pick(random, kFemaleGivenNames) : pick(random, kMaleGivenNames);
  // "Minh Minh" is no name: draw the given name again.
  while (middle.ends_with(given)) {
    given = woman ? pick(random, kFemaleGivenNames) : pick(random, kMaleGivenNames);
  }
  std::string name(pick(random, kFamilyNames));
  name += ' ';
  name += middle;
  name += ' ';
  name += given;
  return name;
}

Date birth_date(Random& random, int first_year, int last_year) {
  Date date;
  date.year = static_cast<int>(random.uniform(first_year, last_year));
  date.month = static_cast<int>(random.uniform(1, 12));
  date.day = static_cast<int>(random.uniform(1, days_in_month(date.year, date.month)));
  return date;
}
}  // namespace tally::engine::dataset
