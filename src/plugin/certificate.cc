#include "threatmodel/plugin/certificate.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "plugin/key_engine.h"

namespace threatmodel::plugin {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using PKeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;

// go-plugin's certificates are valid for 262980 hours (about 30 years).
constexpr long kValiditySeconds = 262980L * 3600L;
// Backdated so that small clock differences cannot make it "not yet valid".
constexpr long kBackdateSeconds = 30;

absl::Status OpenSslError(std::string_view what) {
  return absl::InternalError(
      absl::StrCat("certificate: ", std::string(what), " failed"));
}

absl::Status AddExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return OpenSslError("building an extension");
  const int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return ok == 1 ? absl::OkStatus() : OpenSslError("adding an extension");
}

// Writes the SubjectPublicKeyInfo of a P-256 key (id-ecPublicKey with the
// named curve, the uncompressed point) straight into the certificate.
// X509_set_pubkey would give the same bytes, but OpenSSL 3.0 produces them
// by running the key through its encoder and then its decoder framework,
// which costs about a millisecond of start-up on first use.
absl::Status SetEcPublicKey(X509* cert, EVP_PKEY* key) {
  unsigned char* point = nullptr;
  const size_t point_len = EVP_PKEY_get1_encoded_public_key(key, &point);
  if (point_len == 0 || point == nullptr) {
    return OpenSslError("encoding the public key");
  }
  // set0 takes ownership of the point; the two objects are static.
  if (X509_PUBKEY_set0_param(X509_get_X509_PUBKEY(cert),
                             OBJ_nid2obj(NID_X9_62_id_ecPublicKey),
                             V_ASN1_OBJECT, OBJ_nid2obj(NID_X9_62_prime256v1),
                             point, static_cast<int>(point_len)) != 1) {
    OPENSSL_free(point);
    return OpenSslError("setting the public key");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> BioContents(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  if (len <= 0 || data == nullptr) return OpenSslError("reading PEM");
  return std::string(data, static_cast<size_t>(len));
}

absl::StatusOr<std::string> RawBase64(const unsigned char* der, int len) {
  std::vector<unsigned char> out(4 * ((static_cast<size_t>(len) + 2) / 3) + 1);
  const int n = EVP_EncodeBlock(out.data(), der, len);
  if (n < 0) return OpenSslError("base64 encoding");
  std::string encoded(reinterpret_cast<char*>(out.data()),
                      static_cast<size_t>(n));
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  return encoded;
}

}  // namespace

absl::StatusOr<ServerCertificate> GenerateServerCertificate() {
  PKeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return OpenSslError("generating an EC key");

  X509Ptr cert(X509_new());
  if (!cert) return OpenSslError("allocating a certificate");
  X509_set_version(cert.get(), 2);  // v3

  unsigned char serial_bytes[16];
  if (RAND_bytes(serial_bytes, sizeof serial_bytes) != 1) {
    return OpenSslError("drawing a serial number");
  }
  serial_bytes[0] &= 0x7f;  // Keep the serial positive.
  BnPtr serial(BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr));
  if (!serial ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()))) {
    return OpenSslError("setting the serial number");
  }
  if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kBackdateSeconds) ||
      !X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValiditySeconds)) {
    return OpenSslError("setting the validity period");
  }

  X509_NAME* name = X509_get_subject_name(cert.get());
  if (!X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                  reinterpret_cast<const unsigned char*>(
                                      "terraform-provider-threatmodel"),
                                  -1, -1, 0) ||
      !X509_NAME_add_entry_by_txt(
          name, "CN", MBSTRING_ASC,
          reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0) ||
      !X509_set_issuer_name(cert.get(), name)) {
    return OpenSslError("setting the subject");
  }
  if (absl::Status s = SetEcPublicKey(cert.get(), key.get()); !s.ok()) {
    return s;
  }

  for (auto [nid, value] : {
           std::pair{NID_basic_constraints, "critical,CA:TRUE"},
           std::pair{NID_key_usage,
                     "critical,digitalSignature,keyEncipherment,keyAgreement,"
                     "keyCertSign"},
           std::pair{NID_ext_key_usage, "serverAuth,clientAuth"},
           std::pair{NID_subject_alt_name, "DNS:localhost"},
           std::pair{NID_subject_key_identifier, "hash"},
       }) {
    if (absl::Status s = AddExtension(cert.get(), nid, value); !s.ok()) {
      return s;
    }
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) {
    return OpenSslError("signing");
  }

  ServerCertificate out;
  BioPtr cert_bio(BIO_new(BIO_s_mem()));
  if (!cert_bio || !PEM_write_bio_X509(cert_bio.get(), cert.get())) {
    return OpenSslError("writing PEM");
  }
  auto cert_pem = BioContents(cert_bio.get());
  if (!cert_pem.ok()) return cert_pem.status();
  out.certificate_pem = *std::move(cert_pem);
  auto reference = ReferenceKeyForGrpc(key.get());
  if (!reference.ok()) return reference.status();
  out.private_key_reference = *std::move(reference);
  out.private_key = std::shared_ptr<EVP_PKEY>(key.release(), EVP_PKEY_free);

  unsigned char* der = nullptr;
  const int der_len = i2d_X509(cert.get(), &der);
  if (der_len <= 0) return OpenSslError("DER encoding");
  auto b64 = RawBase64(der, der_len);
  OPENSSL_free(der);
  if (!b64.ok()) return b64.status();
  out.certificate_der_base64 = *std::move(b64);
  return out;
}

absl::StatusOr<std::string> PrivateKeyPem(const ServerCertificate& cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || cert.private_key == nullptr ||
      !PEM_write_bio_PrivateKey(bio.get(), cert.private_key.get(), nullptr,
                                nullptr, 0, nullptr, nullptr)) {
    return OpenSslError("writing the private key");
  }
  return BioContents(bio.get());
}

absl::Status ValidateCertificatePem(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return OpenSslError("reading the client certificate");
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    return absl::InvalidArgumentError(
        "PLUGIN_CLIENT_CERT does not hold a PEM certificate");
  }
  return absl::OkStatus();
}

}  // namespace threatmodel::plugin
