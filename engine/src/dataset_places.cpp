#include "dataset_places.hpp"

namespace tally::engine::dataset {

const std::vector<DistrictSpec>& district_specs() {
  static const std::vector<DistrictSpec> kDistricts = {
      {"thành phố Thái Nguyên", 0, 280, 560, 1'280, 11, 40, 6,
       {"phường Cam Giá",      "phường Chùa Hang",     "phường Đồng Bẩm",   "phường Đồng Quang",
        "phường Gia Sàng",     "phường Hoàng Văn Thụ", "phường Hương Sơn",  "phường Phan Đình Phùng",
        "phường Phú Xá",       "phường Quán Triều",    "phường Quang Trung", "phường Quang Vinh",
        "phường Tân Lập",      "phường Tân Long",      "phường Tân Thành",  "phường Tân Thịnh",
        "phường Thịnh Đán",    "phường Tích Lương",    "phường Trung Thành", "phường Trưng Vương",
        "phường Túc Duyên",    "xã Cao Ngạn",          "xã Đồng Liên",      "xã Huống Thượng",
        "xã Linh Sơn",         "xã Phúc Hà",           "xã Phúc Trìu",      "xã Phúc Xuân",
        "xã Quyết Thắng",      "xã Sơn Cẩm",           "xã Tân Cương",      "xã Thịnh Đức"}},
      {"thành phố Sông Công", 2, 80, 480, 960, 8, 31, 2,
       {"phường Bách Quang", "phường Cải Đan", "phường Châu Sơn", "phường Lương Sơn",
        "phường Mỏ Chè", "phường Phố Cò", "phường Thắng Lợi", "xã Bá Xuyên", "xã Bình Sơn",
        "xã Tân Quang"}},
      {"thị xã Phổ Yên", 2, 150, 500, 1'100, 10, 37, 3,
       {"phường Ba Hàng", "phường Bãi Bông", "phường Bắc Sơn", "phường Đồng Tiến", "xã Đắc Sơn",
        "xã Đông Cao", "xã Hồng Tiến", "xã Minh Đức", "xã Nam Tiến", "xã Phúc Tân",
        "xã Phúc Thuận", "xã Tân Hương", "xã Tân Phú", "xã Thành Công", "xã Thuận Thành",
        "xã Tiên Phong", "xã Trung Thành", "xã Vạn Phái"}},
      {"huyện Định Hóa", 1, 165, 320, 600, 9, 35, 3,
       {"thị trấn Chợ Chu", "xã Bảo Cường", "xã Bảo Linh", "xã Bình Thành", "xã Bình Yên",
        "xã Bộc Nhiêu", "xã Điềm Mặc", "xã Định Biên", "xã Đồng Thịnh", "xã Kim Phượng",
        "xã Kim Sơn", "xã Lam Vỹ", "xã Linh Thông", "xã Phú Đình", "xã Phú Tiến", "xã Phúc Chu",
        "xã Phượng Tiến", "xã Quy Kỳ", "xã Sơn Phú", "xã Tân Dương", "xã Tân Thịnh",
        "xã Thanh Định", "xã Trung Hội", "xã Trung Lương"}},
      {"huyện Đại Từ", 1, 230, 360, 780, 11, 40, 3,
       {"thị trấn Hùng Sơn", "thị trấn Quân Chu", "xã An Khánh", "xã Bản Ngoại", "xã Bình Thuận",
        "xã Cát Nê", "xã Cù Vân", "xã Đức Lương", "xã Hà Thượng", "xã Hoàng Nông", "xã Khôi Kỳ",
        "xã Ký Phú", "xã La Bằng", "xã Lục Ba", "xã Minh Tiến", "xã Mỹ Yên", "xã Na Mao",
        "xã Phú Cường", "xã Phú Lạc", "xã Phú Thịnh", "xã Phú Xuyên", "xã Phúc Lương",
        "xã Phục Linh", "xã Tân Linh", "xã Tân Thái", "xã Tiên Hội", "xã Vạn Thọ", "xã Văn Yên",
        "xã Yên Lãng"}},
      {"huyện Phú Lương", 1, 120, 400, 860, 9, 34, 3,
       {"thị trấn Đu", "thị trấn Giang Tiên", "xã Cổ Lũng", "xã Động Đạt", "xã Hợp Thành",
        "xã Ôn Lương", "xã Phấn Mễ", "xã Phú Đô", "xã Phủ Lý", "xã Tức Tranh", "xã Vô Tranh",
        "xã Yên Đổ", "xã Yên Lạc", "xã Yên Ninh", "xã Yên Trạch"}},
      {"huyện Đồng Hỷ", 0, 100, 400, 840, 10, 35, 2,
       {"thị trấn Sông Cầu", "thị trấn Trại Cau", "xã Cây Thị", "xã Hòa Bình", "xã Hóa Thượng",
        "xã Hóa Trung", "xã Hợp Tiến", "xã Khe Mo", "xã Minh Lập", "xã Nam Hòa", "xã Quang Sơn",
        "xã Tân Long", "xã Tân Lợi", "xã Văn Hán", "xã Văn Lăng"}},
      {"huyện Võ Nhai", 0, 110, 320, 640, 9, 31, 2,
       {"thị trấn Đình Cả", "xã Bình Long", "xã Cúc Đường", "xã Dân Tiến", "xã La Hiên",
        "xã Lâu Thượng", "xã Liên Minh", "xã Nghinh Tường", "xã Phú Thượng", "xã Phương Giao",
        "xã Sảng Mộc", "xã Thần Sa", "xã Thượng Nung", "xã Tràng Xá", "xã Vũ Chấn"}},
      {"huyện Phú Bình", 2, 204, 380, 800, 11, 36, 3,
       {"thị trấn Hương Sơn", "xã Bàn Đạt", "xã Bảo Lý", "xã Dương Thành", "xã Đào Xá",
        "xã Điềm Thụy", "xã Hà Châu", "xã Kha Sơn", "xã Lương Phú", "xã Nga My", "xã Nhã Lộng",
        "xã Tân Đức", "xã Tân Hòa", "xã Tân Khánh", "xã Tân Kim", "xã Tân Thành",
        "xã Thanh Ninh", "xã Thượng Đình", "xã Úc Kỳ", "xã Xuân Phương"}},
  };
  return kDistricts;
}

}  // namespace tally::engine::dataset
