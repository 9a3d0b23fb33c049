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

TEST(JsonText, FindsADoubleDeepInsideTheValue) {
  auto value = boost::json::parse(R"({"plans":[{"name":"a","spent":[1,{"share":0.25}]}]})");
  EXPECT_EQ(to_json_text(value), R"({"plans":[{"name":"a","spent":[1,{"share":0.25}]}]})");
}

TEST(JsonObjectWriter, WritesMembersInOrderAndSplicesTextAsGiven) {
  JsonObjectWriter writer;
  writer.member("id", 7).member("share", 0.5).member_text("events", R"([{"seq":1}])");
  writer.member("quote\"d", "a\"b");
  EXPECT_EQ(std::move(writer).finish(),
            R"({"id":7,"share":0.5,"events":[{"seq":1}],"quote\"d":"a\"b"})");
  EXPECT_EQ(JsonObjectWriter().finish(), "{}");
}

TEST(JsonText, ReadsBackToTheSameValue) {
  boost::json::array numbers{0.1, 1e-9, 123456.789, -2.5, 1e300};
  EXPECT_EQ(boost::json::parse(to_json_text(numbers)), boost::json::value(numbers));
}

}  // namespace
TEST(ParseJson, RefusesWhatJsonCannotWriteBack) {
  EXPECT_FALSE(parse_json(R"({"amount": 12.5, "list": [1, 2]})").is_error());
  for (const char* bad :
       {R"({"amount": 1e400})", R"([1, [-1e999]])", R"({"a": NaN})", "{", R"({"a": 1} trailing)"}) {
    auto parsed = parse_json(bad);
    ASSERT_TRUE(parsed.is_error()) << bad;
    EXPECT_EQ(parsed.error().code, "invalid_json") << bad;
    EXPECT_FALSE(parsed.error().message.empty()) << bad;
  }
}

TEST(TextField, IsTheStringOrEmpty) {
  auto event = boost::json::parse(R"({"type": "case_closed", "count": 3})");
  EXPECT_EQ(text_field(event, "type"), "case_closed");
  EXPECT_EQ(text_field(event.as_object(), "type"), "case_closed");
  EXPECT_EQ(text_field(event, "count"), "");
  EXPECT_EQ(text_field(event, "absent"), "");
  EXPECT_EQ(text_field(boost::json::value(7), "type"), "");
}

}  // namespace opennrm
