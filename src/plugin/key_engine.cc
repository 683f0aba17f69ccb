// The ENGINE interface is deprecated in OpenSSL 3 but is the only way to
// give gRPC 1.51 a private key that is not a PEM string. The macro must
// precede every OpenSSL header, this file's own included.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "plugin/key_engine.h"

#include <openssl/engine.h>
#include <openssl/evp.h>

#include <map>
#include <mutex>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace threatmodel::plugin {
namespace {

constexpr char kEngineId[] = "threatmodel-process-keys";
constexpr char kReferencePrefix[] = "engine:";

// Keys live as long as the process: a plugin process registers one.
struct KeyTable {
  std::mutex mu;
  std::map<long, EVP_PKEY*> keys;
  long next_id = 1;
};

KeyTable& Keys() {
  static auto* table = new KeyTable;  // Never destroyed: engines outlive it.
  return *table;
}

EVP_PKEY* LoadKey(ENGINE*, const char* key_id, UI_METHOD*, void*) {
  long id = 0;
  if (key_id == nullptr || !absl::SimpleAtoi(key_id, &id)) return nullptr;
  KeyTable& table = Keys();
  std::lock_guard<std::mutex> lock(table.mu);
  auto it = table.keys.find(id);
  if (it == table.keys.end()) return nullptr;
  // ENGINE_load_private_key converts the key it receives to OpenSSL's
  // legacy form in place, so the caller gets a copy, not the shared one.
  return EVP_PKEY_dup(it->second);
}

// Adds the engine to OpenSSL's list once per process.
absl::Status RegisterEngine() {
  static const bool kRegistered = [] {
    ENGINE* engine = ENGINE_new();
    if (engine == nullptr) return false;
    const bool ok = ENGINE_set_id(engine, kEngineId) == 1 &&
                    ENGINE_set_name(engine, "in-process private keys") == 1 &&
                    ENGINE_set_load_privkey_function(engine, LoadKey) == 1 &&
                    ENGINE_add(engine) == 1;
    ENGINE_free(engine);  // The list holds its own reference.
    return ok;
  }();
  return kRegistered ? absl::OkStatus()
                     : absl::InternalError(
                           "certificate: registering the key engine failed");
}

}  // namespace

absl::StatusOr<std::string> ReferenceKeyForGrpc(EVP_PKEY* key) {
  if (key == nullptr) return absl::InvalidArgumentError("no key");
  if (absl::Status s = RegisterEngine(); !s.ok()) return s;
  if (EVP_PKEY_up_ref(key) != 1) {
    return absl::InternalError("certificate: referencing the key failed");
  }
  KeyTable& table = Keys();
  std::lock_guard<std::mutex> lock(table.mu);
  const long id = table.next_id++;
  table.keys.emplace(id, key);
  return absl::StrCat(kReferencePrefix, kEngineId, ":", id);
}

EVP_PKEY* LoadReferencedKey(const std::string& reference) {
  const std::string prefix = absl::StrCat(kReferencePrefix, kEngineId, ":");
  if (reference.rfind(prefix, 0) != 0) return nullptr;
  ENGINE* engine = ENGINE_by_id(kEngineId);
  if (engine == nullptr) return nullptr;
  EVP_PKEY* key = nullptr;
  if (ENGINE_init(engine) == 1) {
    key = ENGINE_load_private_key(
        engine, reference.substr(prefix.size()).c_str(), nullptr, nullptr);
    ENGINE_finish(engine);
  }
  ENGINE_free(engine);
  return key;
}

}  // namespace threatmodel::plugin
