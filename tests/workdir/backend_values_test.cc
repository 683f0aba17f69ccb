#include "workdir/backend_values.h"

#include <string>

#include "gtest/gtest.h"

namespace threatmodel::workdir::internal {
namespace {

TEST(ValueEmbedsCredential, ConnStrAndCredentials) {
  EXPECT_TRUE(ValueEmbedsCredential(
      "conn_str", "postgres://tf:hunter2@db.example.com/terraform"));
  EXPECT_TRUE(ValueEmbedsCredential(
      "conn_str", "host=db user=tf PASSWORD=hunter2 dbname=terraform"));
  EXPECT_FALSE(
      ValueEmbedsCredential("conn_str", "postgres://tf@db.example.com/tf"));
  EXPECT_FALSE(ValueEmbedsCredential("conn_str", "host=db user=tf"));
  EXPECT_TRUE(ValueEmbedsCredential(
      "credentials", "  {\"type\": \"service_account\", \"private_key\": 1}"));
  EXPECT_FALSE(ValueEmbedsCredential("credentials", "/etc/gcp/key.json"));
  EXPECT_FALSE(ValueEmbedsCredential("address", "{"));
}

TEST(IsPlausibleName, Bounds) {
  EXPECT_TRUE(IsPlausibleName("assume_role.role_arn"));
  EXPECT_TRUE(IsPlausibleName("azurerm"));
  EXPECT_FALSE(IsPlausibleName(""));
  EXPECT_FALSE(IsPlausibleName(std::string(65, 'a')));
  EXPECT_FALSE(IsPlausibleName("has space"));
  EXPECT_FALSE(IsPlausibleName("quote\""));
}

}  // namespace
}  // namespace threatmodel::workdir::internal
