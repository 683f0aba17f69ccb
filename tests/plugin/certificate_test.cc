#include "threatmodel/plugin/certificate.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <vector>

#include "gtest/gtest.h"

namespace threatmodel::plugin {
namespace {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr ParsePem(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return X509Ptr(cert);
}

std::vector<unsigned char> DecodeRawBase64(std::string b64) {
  while (b64.size() % 4 != 0) b64 += '=';
  std::vector<unsigned char> out(b64.size());
  int n = EVP_DecodeBlock(out.data(),
                          reinterpret_cast<const unsigned char*>(b64.data()),
                          static_cast<int>(b64.size()));
  if (n < 0) return {};
  size_t pad = 0;
  for (auto it = b64.rbegin(); it != b64.rend() && *it == '='; ++it) ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

TEST(GenerateServerCertificate, ProducesParseableSelfSignedLocalhostCert) {
  absl::StatusOr<ServerCertificate> cert = GenerateServerCertificate();
  ASSERT_TRUE(cert.ok()) << cert.status();
  X509Ptr x509 = ParsePem(cert->certificate_pem);
  ASSERT_NE(x509, nullptr);

  EXPECT_EQ(X509_check_host(x509.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_host(x509.get(), "example.com", 0, 0, nullptr), 0);
  EXPECT_EQ(X509_check_purpose(x509.get(), X509_PURPOSE_SSL_SERVER, 0), 1);
  EXPECT_EQ(X509_check_purpose(x509.get(), X509_PURPOSE_SSL_CLIENT, 0), 1);
  EXPECT_LE(X509_cmp_current_time(X509_get0_notBefore(x509.get())), 0);
  EXPECT_GE(X509_cmp_current_time(X509_get0_notAfter(x509.get())), 0);

  EVP_PKEY* pub = X509_get0_pubkey(x509.get());
  ASSERT_NE(pub, nullptr);
  EXPECT_EQ(X509_verify(x509.get(), pub), 1);
}

std::vector<unsigned char> SpkiDer(X509_PUBKEY* spki) {
  unsigned char* der = nullptr;
  const int len = i2d_X509_PUBKEY(spki, &der);
  if (len <= 0) return {};
  std::vector<unsigned char> out(der, der + len);
  OPENSSL_free(der);
  return out;
}

// The public key is written into the certificate directly; it must be
// exactly what OpenSSL's own encoder makes of the key.
TEST(GenerateServerCertificate, PublicKeyIsTheKeysStandardEncoding) {
  absl::StatusOr<ServerCertificate> cert = GenerateServerCertificate();
  ASSERT_TRUE(cert.ok()) << cert.status();
  X509Ptr x509 = ParsePem(cert->certificate_pem);
  ASSERT_NE(x509, nullptr);

  unsigned char* der = nullptr;
  const int len = i2d_PUBKEY(cert->private_key.get(), &der);
  ASSERT_GT(len, 0);
  std::vector<unsigned char> from_key(der, der + len);
  OPENSSL_free(der);
  EXPECT_EQ(SpkiDer(X509_get_X509_PUBKEY(x509.get())), from_key);
  EXPECT_EQ(EVP_PKEY_eq(X509_get0_pubkey(x509.get()), cert->private_key.get()),
            1);
}

TEST(GenerateServerCertificate, HandshakeFieldIsUnpaddedDerOfTheCert) {
  absl::StatusOr<ServerCertificate> cert = GenerateServerCertificate();
  ASSERT_TRUE(cert.ok());
  EXPECT_EQ(cert->certificate_der_base64.find('='), std::string::npos);
  EXPECT_EQ(cert->certificate_der_base64.find('\n'), std::string::npos);

  std::vector<unsigned char> der =
      DecodeRawBase64(cert->certificate_der_base64);
  const unsigned char* p = der.data();
  X509Ptr from_der(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  ASSERT_NE(from_der, nullptr);
  X509Ptr from_pem = ParsePem(cert->certificate_pem);
  EXPECT_EQ(X509_cmp(from_der.get(), from_pem.get()), 0);
}

TEST(GenerateServerCertificate, FreshKeyEveryTime) {
  auto a = GenerateServerCertificate();
  auto b = GenerateServerCertificate();
  ASSERT_TRUE(a.ok() && b.ok());
  auto key_a = PrivateKeyPem(*a);
  auto key_b = PrivateKeyPem(*b);
  ASSERT_TRUE(key_a.ok() && key_b.ok());
  EXPECT_NE(*key_a, *key_b);
  EXPECT_NE(a->private_key_reference, b->private_key_reference);
  EXPECT_NE(a->certificate_der_base64, b->certificate_der_base64);
}

TEST(ValidateCertificatePem, AcceptsACertificateRejectsGarbage) {
  auto cert = GenerateServerCertificate();
  ASSERT_TRUE(cert.ok());
  EXPECT_TRUE(ValidateCertificatePem(cert->certificate_pem).ok());
  EXPECT_FALSE(ValidateCertificatePem("").ok());
  EXPECT_FALSE(
      ValidateCertificatePem("-----BEGIN CERTIFICATE-----\nxx\n").ok());
}

}  // namespace
}  // namespace threatmodel::plugin
