#include "plugin/key_engine.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

#include "gtest/gtest.h"
#include "threatmodel/plugin/certificate.h"

namespace threatmodel::plugin {
namespace {

struct PKeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using PKeyPtr = std::unique_ptr<EVP_PKEY, PKeyFree>;

TEST(KeyEngine, ReferenceResolvesToTheSameKeyThroughOpenSsl) {
  PKeyPtr key(EVP_EC_gen("P-256"));
  ASSERT_NE(key, nullptr);
  absl::StatusOr<std::string> ref = ReferenceKeyForGrpc(key.get());
  ASSERT_TRUE(ref.ok()) << ref.status();
  EXPECT_EQ(ref->rfind("engine:", 0), 0u) << *ref;
  // The reference says which key, never what it is.
  EXPECT_EQ(ref->find("PRIVATE"), std::string::npos);

  PKeyPtr loaded(LoadReferencedKey(*ref));
  ASSERT_NE(loaded, nullptr);
  EXPECT_EQ(EVP_PKEY_eq(loaded.get(), key.get()), 1);
}

TEST(KeyEngine, EachKeyGetsItsOwnReference) {
  PKeyPtr a(EVP_EC_gen("P-256"));
  PKeyPtr b(EVP_EC_gen("P-256"));
  auto ref_a = ReferenceKeyForGrpc(a.get());
  auto ref_b = ReferenceKeyForGrpc(b.get());
  ASSERT_TRUE(ref_a.ok() && ref_b.ok());
  EXPECT_NE(*ref_a, *ref_b);
  PKeyPtr loaded_b(LoadReferencedKey(*ref_b));
  ASSERT_NE(loaded_b, nullptr);
  EXPECT_EQ(EVP_PKEY_eq(loaded_b.get(), b.get()), 1);
  EXPECT_NE(EVP_PKEY_eq(loaded_b.get(), a.get()), 1);
}

TEST(KeyEngine, UnknownReferencesResolveToNothing) {
  PKeyPtr key(EVP_EC_gen("P-256"));
  auto ref = ReferenceKeyForGrpc(key.get());
  ASSERT_TRUE(ref.ok());
  const std::string engine_prefix = ref->substr(0, ref->rfind(':') + 1);
  EXPECT_EQ(LoadReferencedKey(engine_prefix + "999999"), nullptr);
  EXPECT_EQ(LoadReferencedKey(engine_prefix + "not-a-number"), nullptr);
  EXPECT_EQ(LoadReferencedKey(engine_prefix), nullptr);
  EXPECT_EQ(LoadReferencedKey("engine:no-such-engine:1"), nullptr);
  EXPECT_EQ(LoadReferencedKey(""), nullptr);
  EXPECT_EQ(ReferenceKeyForGrpc(nullptr).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(KeyEngine, ServerCertificateKeyMatchesItsCertificate) {
  absl::StatusOr<ServerCertificate> cert = GenerateServerCertificate();
  ASSERT_TRUE(cert.ok()) << cert.status();
  PKeyPtr loaded(LoadReferencedKey(cert->private_key_reference));
  ASSERT_NE(loaded, nullptr);
  BIO* bio = BIO_new_mem_buf(cert->certificate_pem.data(),
                             static_cast<int>(cert->certificate_pem.size()));
  X509* x509 = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ASSERT_NE(x509, nullptr);
  EXPECT_EQ(X509_check_private_key(x509, loaded.get()), 1);
  X509_free(x509);
}

}  // namespace
}  // namespace threatmodel::plugin
