#include <string>

#include "cli/report.h"
#include "gtest/gtest.h"
#include "report_fixture.h"

namespace threatmodel::cli {
namespace {

int Count(const std::string& s, const std::string& what) {
  int n = 0;
  for (std::size_t p = s.find(what); p != std::string::npos;
       p = s.find(what, p + 1)) {
    ++n;
  }
  return n;
}

TEST(RenderJunit, OneCasePerThreatAndSubject) {
  const std::string x = RenderJunit(testing::MakeResult());
  EXPECT_EQ(x.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0u);
  // T-2: 1 case; E-1: 3 subjects; E-3: 3 subjects; deferred: 1; waivers: 1.
  EXPECT_EQ(Count(x, "<testcase "), 9);
  EXPECT_EQ(Count(x, "<testsuite "), 5);
  // Failures: T-2 backend, E-1 subject with violation + undecided, the
  // expired waiver. Advisory E-3 findings do not fail.
  EXPECT_EQ(Count(x, "<failure "), 3);
  EXPECT_NE(x.find("<testsuites name=\"threatmodel\" tests=\"9\" "
                   "failures=\"3\" errors=\"0\" time=\"0\">"),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("name=\"E-1 module.a.azurerm_automation_account.this\" "
                   "classname=\"threatmodel.E-1\""),
            std::string::npos);
  EXPECT_NE(x.find("<failure type=\"violation\" message=\"holds privileged "
                   "role &quot;Contributor&quot;\">"),
            std::string::npos)
      << x;
  // Waived, not applicable and deferred cases are skipped.
  EXPECT_NE(x.find("<skipped>waived: "), std::string::npos);
  EXPECT_NE(x.find("<skipped>not applicable: "), std::string::npos);
  EXPECT_NE(
      x.find("the read was deferred to apply; its planned inputs were judged"),
      std::string::npos);
  EXPECT_NE(x.find("<failure type=\"expired\""), std::string::npos);
  // Escaping.
  EXPECT_NE(x.find("&lt;no lock&gt; &amp; no encryption"), std::string::npos);
  EXPECT_EQ(x.find("<no lock>"), std::string::npos);
}

TEST(RenderJunit, ControlCharactersAreReplaced) {
  CheckResult r = testing::MakeResult();
  r.report.findings[0].message =
      "bad\x01"
      "byte";
  const std::string x = RenderJunit(r);
  EXPECT_EQ(x.find('\x01'), std::string::npos);
  EXPECT_NE(x.find("bad?byte"), std::string::npos);
}

}  // namespace
}  // namespace threatmodel::cli
