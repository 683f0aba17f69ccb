// Times the cty msgpack layer on the payload a ReadDataSource call carries:
// the config of an assertion data source (a policy, a deployment given as a
// dynamic value, a few unknown and refined unknown attributes), decoded from
// msgpack and encoded back, as the adapter does for every request.
//
//   msgpack_bench [--resources N] [--iterations N] [--repeat N]
//
// Prints, per repeat, the thread's CPU nanoseconds per decode and per encode
// (CPU time, so that other processes on a shared machine distort it less than
// wall time); the summary lines give the minimum and the median of the
// repeats, with MB/s of msgpack input or output.

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "threatmodel/cty/msgpack.h"
#include "threatmodel/cty/number.h"
#include "threatmodel/cty/type.h"
#include "threatmodel/cty/value.h"

namespace {

using threatmodel::cty::Number;
using threatmodel::cty::Refinement;
using threatmodel::cty::Type;
using threatmodel::cty::Value;

// One planned azurerm resource as the deployment attribute carries it.
Value Resource(int i) {
  const std::string n = std::to_string(i);
  std::map<std::string, Value> tags = {
      {"env", Value::String("production")},
      {"owner", Value::String("team-" + std::to_string(i % 7))},
      {"cost_center", Value::String("cc-" + n)},
  };
  std::vector<Value> rules;
  for (int r = 0; r < 3; ++r) {
    rules.push_back(Value::Object({
        {"name", Value::String("rule-" + std::to_string(r))},
        {"priority", Value::Int(100 + r * 10)},
        {"allow", Value::Bool(r != 2)},
        {"weight", Value::NumberVal(Number::FromDouble(0.25 * (r + 1)))},
    }));
  }
  Refinement prefix;
  prefix.not_null = true;
  prefix.string_prefix = "/subscriptions/00000000-0000-0000-0000-000000000000/";
  return Value::Object({
      {"address", Value::String("module.workload[\"w" + n +
                                "\"].azurerm_network_security_group.main")},
      {"type", Value::String("azurerm_network_security_group")},
      {"location", Value::String("westeurope")},
      {"count", Value::Int(i)},
      {"public", Value::Bool(i % 3 == 0)},
      {"id", Value::Unknown(Type::String(), prefix)},
      {"principal", Value::Unknown(Type::String())},
      {"tags", Value::Map(Type::String(), std::move(tags))},
      {"rules", Value::Tuple(std::move(rules))},
  });
}

Value Request(int resources, Type* type) {
  std::vector<Value> list;
  list.reserve(resources);
  for (int i = 0; i < resources; ++i) list.push_back(Resource(i));
  const Type deployment_type =
      Type::Object({{"resources", Type::Dynamic()}, {"name", Type::String()}});
  *type = Type::Object({
      {"policy", Type::String()},
      {"deployment", deployment_type},
      {"enforcement", Type::Map(Type::String())},
      {"waivers", Type::List(Type::String())},
      {"findings", Type::Dynamic()},
  });
  return Value::ObjectOf(
      *type,
      {
          {"policy", Value::String(std::string(2000, 'p'))},
          {"deployment",
           Value::ObjectOf(deployment_type,
                           {{"resources", Value::Tuple(std::move(list))},
                            {"name", Value::String("prod")}})},
          {"enforcement",
           Value::Map(Type::String(), {{"E-1", Value::String("mandatory")},
                                       {"S-2", Value::String("advisory")}})},
          {"waivers", Value::List(Type::String(), {Value::String("I-3")})},
          {"findings", Value::Null(Type::Dynamic())},
      });
}

double ThreadCpuNanos() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

double Min(const std::vector<double>& v) {
  return *std::min_element(v.begin(), v.end());
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int Flag(int argc, char** argv, const char* name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return std::atoi(argv[i + 1]);
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const int resources = Flag(argc, argv, "--resources", 50);
  const int iterations = Flag(argc, argv, "--iterations", 2000);
  const int repeat = Flag(argc, argv, "--repeat", 5);
  Type type = Type::Dynamic();
  const Value request = Request(resources, &type);
  const absl::StatusOr<std::string> bytes =
      threatmodel::cty::EncodeMsgpack(request, type);
  if (!bytes.ok()) {
    std::fprintf(stderr, "encode: %s\n",
                 std::string(bytes.status().message()).c_str());
    return 1;
  }
  // The round trip must reproduce the bytes, or the timings mean nothing.
  const absl::StatusOr<Value> decoded =
      threatmodel::cty::DecodeMsgpack(*bytes, type);
  const absl::StatusOr<std::string> again =
      decoded.ok() ? threatmodel::cty::EncodeMsgpack(*decoded, type)
                   : absl::StatusOr<std::string>(decoded.status());
  if (!again.ok() || *again != *bytes) {
    std::fprintf(stderr, "round trip does not reproduce the request\n");
    return 1;
  }
  std::printf("resources %d, request %zu bytes, %d iterations\n", resources,
              bytes->size(), iterations);
  std::vector<double> decode_ns, encode_ns;
  size_t sink = 0;
  for (int r = 0; r < repeat; ++r) {
    const double start = ThreadCpuNanos();
    for (int i = 0; i < iterations; ++i) {
      absl::StatusOr<Value> v = threatmodel::cty::DecodeMsgpack(*bytes, type);
      if (!v.ok()) {
        std::fprintf(stderr, "decode: %s\n",
                     std::string(v.status().message()).c_str());
        return 1;
      }
    }
    const double mid = ThreadCpuNanos();
    for (int i = 0; i < iterations; ++i) {
      absl::StatusOr<std::string> out =
          threatmodel::cty::EncodeMsgpack(request, type);
      sink += out->size();
    }
    const double end = ThreadCpuNanos();
    decode_ns.push_back((mid - start) / iterations);
    encode_ns.push_back((end - mid) / iterations);
    std::printf("repeat %d: decode %.0f ns, encode %.0f ns\n", r,
                decode_ns.back(), encode_ns.back());
  }
  const auto summary = [&](const char* name, double d, double e) {
    std::printf(
        "%s: decode %.0f ns (%.1f MB/s), encode %.0f ns (%.1f MB/s), "
        "round trip %.0f ns\n",
        name, d, static_cast<double>(bytes->size()) * 1e3 / d, e,
        static_cast<double>(bytes->size()) * 1e3 / e, d + e);
  };
  summary("min", Min(decode_ns), Min(encode_ns));
  summary("median", Median(decode_ns), Median(encode_ns));
  return sink == 0 ? 1 : 0;
}
