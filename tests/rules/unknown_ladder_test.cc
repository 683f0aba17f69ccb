// The unknown ladder over planned resources as the plan reader builds them.

#include "rules/unknown_ladder.h"

#include <string>

#include "gtest/gtest.h"
#include "rules/test_util.h"

namespace threatmodel::rules::internal {
namespace {

using testing::Planned;
using testing::RefTo;

constexpr char kPath[] = "authentication[0].password_auth_enabled";

void ExpectContains(const std::string& text, const std::string& fragment) {
  EXPECT_NE(text.find(fragment), std::string::npos)
      << "missing \"" << fragment << "\" in: " << text;
}

TEST(Decide, KnownValueDecides) {
  Resource r =
      Planned("azurerm_postgresql_flexible_server.pg",
              R"({"authentication": [{"password_auth_enabled": false}]})", "{}",
              std::vector<std::string>{});
  DecidedBool d = DecideBool(r, kPath, true);
  EXPECT_EQ(d.value, Maybe<bool>(false));
  EXPECT_EQ(d.text, "authentication[0].password_auth_enabled = false");
}

TEST(Decide, UnknownBlockNotInTheConfigurationTakesTheDefault) {
  // TF 1.11 plans an omitted Optional+Computed block as wholly unknown.
  Resource r = Planned("azurerm_postgresql_flexible_server.pg", "{}",
                       R"({"authentication": true})",
                       std::vector<std::string>{"administrator_login"});
  DecidedBool d = DecideBool(r, kPath, true);
  EXPECT_EQ(d.value, Maybe<bool>(true));
  ExpectContains(d.text,
                 "= true (unknown in the plan and not set in the "
                 "configuration: the provider's default)");
}

TEST(Decide, SetByReferenceIsUndecidedAndSaysWhatWasUnknown) {
  Resource r =
      Planned("azurerm_postgresql_flexible_server.pg", "{}",
              R"({"authentication": true})", std::vector<std::string>{kPath});
  r.references[kPath] = {RefTo("azurerm_key_vault_secret.flag", "value")};
  DecidedBool d = DecideBool(r, kPath, true);
  EXPECT_TRUE(d.value.is_unknown());
  ExpectContains(d.text,
                 "authentication[0].password_auth_enabled is unknown "
                 "at plan time (authentication is unknown; set from "
                 "azurerm_key_vault_secret.flag.value)");
}

TEST(Decide, AWhollyUnknownValueSaysSo) {
  // `after_unknown: true`: not even the object's attributes are known.
  Resource r = Planned("azurerm_storage_account.st", "{}", "true");
  DecidedBool d = DecideBool(r, "public_network_access_enabled", true);
  EXPECT_TRUE(d.value.is_unknown());
  EXPECT_EQ(d.text,
            "public_network_access_enabled is unknown at plan time (the "
            "whole planned value is unknown; no configuration to tell "
            "whether it is set or left to the provider)");
}

TEST(Decide, ABlockAttributeHoldingThePathCountsAsSettingIt) {
  Resource r = Planned("azurerm_postgresql_flexible_server.pg", "{}",
                       R"({"authentication": true})",
                       std::vector<std::string>{"authentication"});
  EXPECT_TRUE(DecideBool(r, kPath, true).value.is_unknown());
  // A sibling in the same block does not set this attribute.
  r.configured = std::set<std::string, std::less<>>{
      "authentication[0].active_directory_auth_enabled"};
  EXPECT_EQ(DecideBool(r, kPath, true).value, Maybe<bool>(true));
  // Nor does an attribute whose name merely starts the same.
  r.configured = std::set<std::string, std::less<>>{"authentication_x"};
  EXPECT_EQ(DecideBool(r, kPath, true).value, Maybe<bool>(true));
}

TEST(Decide, AnExpressionOfKnownValuesThatIsUnknownGaveNull) {
  // `public_network_access_enabled = var.hardened ? false : null`: Terraform
  // knows the expression when it plans, so an unknown planned value means
  // null and the provider's default.
  constexpr char kPublic[] = "public_network_access_enabled";
  Resource r = Planned("azurerm_postgresql_flexible_server.pg",
                       R"({"public_network_access_enabled": null})",
                       R"({"public_network_access_enabled": true})",
                       std::vector<std::string>{kPublic});
  Reference hardened;
  hardened.kind = Reference::Kind::kRootVariable;
  hardened.text = "var.hardened";
  r.references[kPublic] = {hardened};
  DecidedBool d = DecideBool(r, kPublic, true);
  EXPECT_EQ(d.value, Maybe<bool>(true));
  ExpectContains(d.text, "set from var.hardened, which Terraform knows");
  ExpectContains(d.text, "the provider's default");
  std::string text;
  EXPECT_TRUE(NullInConfiguration(r, kPublic, &text));

  // Any reference to a resource may be unknown: undecided.
  r.references[kPublic].push_back(RefTo("azurerm_subnet.s", "id"));
  EXPECT_TRUE(DecideBool(r, kPublic, true).value.is_unknown());
  EXPECT_FALSE(NullInConfiguration(r, kPublic, &text));

  // An enclosing block unknown as a whole says nothing of its attributes.
  Resource block =
      Planned("azurerm_postgresql_flexible_server.pg", "{}",
              R"({"authentication": true})", std::vector<std::string>{kPath});
  block.references[kPath] = {hardened};
  EXPECT_TRUE(DecideBool(block, kPath, true).value.is_unknown());
}

TEST(Decide, NoConfigurationIsUndecided) {
  Resource r = Planned("azurerm_postgresql_flexible_server.pg", "{}",
                       R"({"authentication": true})");
  DecidedBool d = DecideBool(r, kPath, true);
  EXPECT_TRUE(d.value.is_unknown());
  ExpectContains(d.text, "no configuration to tell");
}

TEST(Decide, AbsentOrNullTakesTheDefault) {
  // Not in this provider version's schema (azurerm 3.x redis cache).
  Resource r = Planned("azurerm_redis_cache.r", R"({"x": null})", "{}",
                       std::vector<std::string>{});
  EXPECT_EQ(DecideBool(r, "access_keys_authentication_enabled", true).value,
            Maybe<bool>(true));
  EXPECT_EQ(DecideBool(r, "x", false).value, Maybe<bool>(false));
  // Without a default the null stands.
  Decided d = Decide(r, "x", PlanValue::Null());
  EXPECT_EQ(d.state, Decided::State::kPlanned);
  EXPECT_TRUE(d.value.is_null());
}

TEST(Decide, UnknownWithoutADefaultIsUndecided) {
  Resource r = Planned("azurerm_subnet.a", "{}", R"({"id": true})",
                       std::vector<std::string>{});
  Decided d = Decide(r, "id", PlanValue::Null());
  EXPECT_FALSE(d.decided());
  ExpectContains(d.text, "computed by the provider");
}

TEST(Decide, SensitiveIsNeverRead) {
  Resource r =
      Planned("azurerm_redis_cache.r", "{}", "{}", std::vector<std::string>{});
  r.values = PlanValue::Object({{"flag", PlanValue::Sensitive()}});
  EXPECT_TRUE(DecideBool(r, "flag", true).value.is_unknown());
}

TEST(DecideBool, WrongTypeIsUndecided) {
  Resource r = Planned("azurerm_redis_cache.r", R"({"flag": "yes"})", "{}",
                       std::vector<std::string>{});
  DecidedBool d = DecideBool(r, "flag", true);
  EXPECT_TRUE(d.value.is_unknown());
  ExpectContains(d.text, "not a bool");
}

TEST(IsSet, UnknownNonComputedIsSet) {
  Resource r =
      Planned("azurerm_postgresql_flexible_server.pg",
              R"({"a": "/subscriptions/x", "b": null})", R"({"c": true})");
  std::string text;
  EXPECT_TRUE(IsSet(r, "a", &text));
  EXPECT_FALSE(IsSet(r, "b", &text));
  EXPECT_EQ(text, "b is not set");
  EXPECT_FALSE(IsSet(r, "d", &text));
  EXPECT_TRUE(IsSet(r, "c", &text));
  EXPECT_EQ(text, "c is set (known at apply)");
}

TEST(DescribeSetting, Kinds) {
  EXPECT_EQ(DescribeSetting("a", PlanValue::String("Enabled")),
            "a = \"Enabled\"");
  EXPECT_EQ(DescribeSetting("a", PlanValue::Number("2")), "a = 2");
  EXPECT_EQ(DescribeSetting("a", PlanValue::List({PlanValue::Null()})),
            "a = [1 element]");
  EXPECT_EQ(DescribeSetting("a", PlanValue::Null()), "a = null");
}

}  // namespace
}  // namespace threatmodel::rules::internal
