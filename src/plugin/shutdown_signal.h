// A one-shot latch that any thread can trip to ask the serving thread to
// stop, with the reason kept for the log.
#ifndef THREATMODEL_PLUGIN_SHUTDOWN_SIGNAL_H_
#define THREATMODEL_PLUGIN_SHUTDOWN_SIGNAL_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

namespace threatmodel::plugin {

class ShutdownSignal {
 public:
  void Request(std::string reason) {
    std::lock_guard<std::mutex> lock(mu_);
    if (requested_) return;
    requested_ = true;
    reason_ = std::move(reason);
    cv_.notify_all();
  }
  // Blocks until Request; returns the first reason given.
  std::string Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return requested_; });
    return reason_;
  }
  // Returns true when shutdown was requested within `timeout`.
  bool WaitFor(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return requested_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool requested_ = false;
  std::string reason_;
};

}  // namespace threatmodel::plugin

#endif  // THREATMODEL_PLUGIN_SHUTDOWN_SIGNAL_H_
