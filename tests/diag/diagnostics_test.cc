#include "threatmodel/diag/diagnostics.h"

#include "gtest/gtest.h"

namespace threatmodel::diag {
namespace {

TEST(Diagnostics, EmptyHasNoError) {
  Diagnostics diags;
  EXPECT_TRUE(diags.empty());
  EXPECT_FALSE(diags.HasError());
}

TEST(Diagnostics, WarningIsNotAnError) {
  Diagnostics diags;
  diags.AddWarning("w", "detail");
  EXPECT_FALSE(diags.HasError());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].severity, Severity::kWarning);
  EXPECT_FALSE(diags.items()[0].attribute.has_value());
}

TEST(Diagnostics, AttributeErrorKeepsPath) {
  Diagnostics diags;
  cty::Path path = cty::Path().Attr("users").Index(2).Attr("role");
  diags.AddAttributeError(path, "bad role", "why");
  ASSERT_TRUE(diags.HasError());
  ASSERT_TRUE(diags.items()[0].attribute.has_value());
  EXPECT_EQ(*diags.items()[0].attribute, path);
  EXPECT_EQ(diags.items()[0].summary, "bad role");
  EXPECT_EQ(diags.items()[0].detail, "why");
}

TEST(Diagnostics, IdenticalDiagnosticsAreKeptOnce) {
  Diagnostics a;
  a.AddError("same", "d");
  a.AddError("same", "d");
  a.AddError("same", "other");
  Diagnostics b;
  b.AddError("same", "d");
  b.AddWarning("w");
  a.Append(b);
  EXPECT_EQ(a.size(), 3u);
}

TEST(Diagnostics, StatusBecomesErrorOnlyWhenFailed) {
  Diagnostics diags;
  diags.AddStatus(absl::OkStatus(), "ignored");
  EXPECT_TRUE(diags.empty());
  diags.AddStatus(absl::InvalidArgumentError("msgpack: bad"), "Invalid value");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].summary, "Invalid value");
  EXPECT_EQ(diags.items()[0].detail, "msgpack: bad");
}

}  // namespace
}  // namespace threatmodel::diag
