#include "core/json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace opennrm {
namespace {

TEST(JsonText, PrintsShortestDecimalsInsteadOfExponents) {
  boost::json::object object{{"share", 0.9}, {"whole", 1.0}, {"small", 0.31}, {"count", 12}};
  EXPECT_EQ(to_json_text(object), R"({"share":0.9,"whole":1,"small":0.31,"count":12})");
}

TEST(JsonText, KeepsOrderNestingAndEscapes) {
  auto value = boost::json::parse(R"({"b":[1,{"x":null}],"a":"q\"u\u00e9","t":true})");
  EXPECT_EQ(to_json_text(value), boost::json::serialize(value));
}

TEST(JsonText, ReadsBackToTheSameValue) {
  boost::json::array numbers{0.1, 1e-9, 123456.789, -2.5, 1e300};
  EXPECT_EQ(boost::json::parse(to_json_text(numbers)), boost::json::value(numbers));
}

}  // namespace
}  // namespace opennrm
