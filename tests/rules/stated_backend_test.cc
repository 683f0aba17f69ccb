#include "threatmodel/rules/stated_backend.h"

#include "gtest/gtest.h"

namespace threatmodel::rules {
namespace {

TEST(StatedBackend, NamesOnly) {
  Backend backend = StatedBackend(" HTTP ", {"address", "conn_str"}, "attr");
  EXPECT_EQ(backend.type.value(), "http");
  EXPECT_EQ(backend.origin, BackendOrigin::kStated);
  EXPECT_EQ(backend.source, "attr");
  ASSERT_EQ(backend.settings.size(), 2u);
  EXPECT_EQ(backend.settings[0].state, SettingState::kSet);
  EXPECT_TRUE(backend.settings[0].embeds_credential.is_null());
  EXPECT_TRUE(backend.settings[1].embeds_credential.is_unknown());
}

}  // namespace
}  // namespace threatmodel::rules
