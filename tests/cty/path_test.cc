#include "threatmodel/cty/path.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace threatmodel::cty {
namespace {

TEST(PathTest, ToString) {
  struct Case {
    std::string name;
    Path path;
    std::string want;
  };
  const std::vector<Case> cases = {
      {"empty", Path(), ""},
      {"attribute", Path().Attr("name"), ".name"},
      {"nested", Path().Attr("a").Attr("b").Key("k").Index(0),
       R"(.a.b["k"][0])"},
      {"key_escapes", Path().Attr("tags").Key("a\"b\n\\"),
       R"(.tags["a\"b\n\\"])"},
      {"key_html_not_escaped", Path().Key("<&>"), R"(["<&>"])"},
      {"key_invalid_utf8", Path().Key("\xff"), R"(["\ufffd"])"},
      {"negative_index", Path().Index(-1), "[-1]"},
      {"index_then_attr", Path().Attr("rules").Index(12).Attr("port"),
       ".rules[12].port"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(c.path.ToString(), c.want);
  }
}

TEST(PathTest, StepsAndEquality) {
  const Path base = Path().Attr("a");
  const Path child = base.Key("k");
  // Building a path leaves the original untouched.
  EXPECT_EQ(base.steps().size(), 1u);
  ASSERT_EQ(child.steps().size(), 2u);
  EXPECT_EQ(child.steps()[1].kind, PathStep::Kind::kElementKeyString);
  EXPECT_EQ(child.steps()[1].name, "k");
  EXPECT_TRUE(Path().empty());
  EXPECT_FALSE(base.empty());
  EXPECT_EQ(child, Path().Attr("a").Key("k"));
  EXPECT_NE(child, Path().Attr("a").Attr("k"));
  EXPECT_NE(Path().Index(1), Path().Index(2));
}

}  // namespace
}  // namespace threatmodel::cty
