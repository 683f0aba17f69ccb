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

TEST(ValueEmbedsCredential, ConnStrKeywordValueSyntax) {
  const struct {
    const char* conn_str;
    bool embeds;
  } cases[] = {
      {"host=db password = secret user=tf", true},
      {"host=db password= secret", true},
      {"host=db password =secret", true},
      {"host=db\tpassword\t=\tsecret", true},
      {"password='se cret' host=db", true},
      {"password='it\\'s' host=db", true},
      {"host=db sslpassword = 'k'", true},
      {"host=db sslinline=true sslkey='-----BEGIN PRIVATE KEY-----'", true},
      {"host=db sslinline=false sslkey=/etc/tf/client.key", false},
      {"host=db sslkey=/etc/tf/client.key", false},
      {"host=db password=''", false},
      {"host=db passfile=/home/tf/.pgpass user=tf", false},
      {"host = db user = 'tf' dbname = 'terraform state'", false},
      {"host=db user='my password'", false},
      // Does not parse: a password cannot be ruled out.
      {"host=db password='unterminated", true},
      {"host=db oops password", true},
      {"host=db oops", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.conn_str);
    EXPECT_EQ(ValueEmbedsCredential("conn_str", c.conn_str), c.embeds);
  }
}

TEST(ValueEmbedsCredential, ConnStrUriSyntax) {
  const struct {
    const char* conn_str;
    bool embeds;
  } cases[] = {
      {"postgres://tf:pw@db.example.com/terraform", true},
      {"postgresql://tf:pw@db.example.com:5432/terraform?sslmode=require",
       true},
      {"POSTGRES://tf:pw@db/terraform", true},
      {"postgres://tf@db/terraform?password=pw", true},
      {"postgres://db/terraform?sslmode=require&password=pw", true},
      {"postgres://db/terraform?%70assword=pw", true},
      {"postgres://db/terraform?sslpassword=pw", true},
      {"postgres://db/t?sslinline=true&sslkey=-----BEGIN%20PRIVATE", true},
      {"postgres://tf@db/terraform?sslmode=require", false},
      {"postgres://tf:@db/terraform", false},
      {"postgres://db/terraform?password=", false},
      {"postgres://db/terraform?passfile=/home/tf/.pgpass", false},
      {"postgres://db/terraform#password=pw", false},
      {"postgres://db/p:w@x", false},  // '@' after the path is not user info
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.conn_str);
    EXPECT_EQ(ValueEmbedsCredential("conn_str", c.conn_str), c.embeds);
  }
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
