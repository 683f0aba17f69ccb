// Prints lite-runtime protocol messages as protobuf text for golden files
// and failure messages. The generated classes carry no descriptors, so the
// message is re-read through the descriptor set protoc wrote beside them:
// what is printed is what went over the wire.
#ifndef THREATMODEL_TESTS_ADAPTER_PROTO_TEXT_H_
#define THREATMODEL_TESTS_ADAPTER_PROTO_TEXT_H_

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/message_lite.h"
#include "google/protobuf/text_format.h"

namespace threatmodel::adapter::prototext {

inline const google::protobuf::DescriptorPool& ProtocolPool() {
  static const google::protobuf::DescriptorPool* pool = [] {
    auto* p = new google::protobuf::DescriptorPool;
    std::ifstream in(
        std::string(THREATMODEL_PROTOSET_DIR) + "/tfplugin6.protoset",
        std::ios::binary);
    google::protobuf::FileDescriptorSet set;
    if (!set.ParseFromIstream(&in)) return p;
    for (const auto& file : set.file()) p->BuildFile(file);
    return p;
  }();
  return *pool;
}

// Protobuf text of `message`, or a line saying why it cannot be printed.
inline std::string ProtoText(const google::protobuf::MessageLite& message) {
  const google::protobuf::Descriptor* descriptor =
      ProtocolPool().FindMessageTypeByName(message.GetTypeName());
  if (descriptor == nullptr) {
    return "<no descriptor for " + message.GetTypeName() + ">";
  }
  static google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> dynamic(
      factory.GetPrototype(descriptor)->New());
  if (!dynamic->ParseFromString(message.SerializeAsString())) {
    return "<unparseable " + message.GetTypeName() + ">";
  }
  std::string text;
  google::protobuf::TextFormat::Printer printer;
  if (!printer.PrintToString(*dynamic, &text)) return "<unprintable>";
  return text;
}

}  // namespace threatmodel::adapter::prototext

#endif  // THREATMODEL_TESTS_ADAPTER_PROTO_TEXT_H_
