// base/status.h: the error type every module returns across its boundary.
//
// Expected failures (a bad config key, an unreachable host, an undecodable
// page, a corrupt row) are values, not exceptions: a Status says what went
// wrong and where, and Result<T> carries either a value or that Status.
// Exceptions are for programming errors only.
//
// Both are [[nodiscard]]: a failure that nobody looks at is a failure
// nobody hears of. Where ignoring one is right, say so: (void)f(); with a
// comment that says why.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace wirecrawl {

class [[nodiscard]] Status {
 public:
  enum class Code { kOk, kInvalidArgument, kNotFound, kIoError, kCorruption, kUnsupported, kBusy };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status Unsupported(std::string msg) { return Status(Code::kUnsupported, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// The same status with "context: " before its message (ok stays ok).
inline Status WithContext(const Status& status, std::string_view context) {
  if (status.ok()) return status;
  std::string msg(context);
  msg += ": ";
  msg += status.message();
  switch (status.code()) {
    case Status::Code::kInvalidArgument:
      return Status::InvalidArgument(std::move(msg));
    case Status::Code::kNotFound:
      return Status::NotFound(std::move(msg));
    case Status::Code::kCorruption:
      return Status::Corruption(std::move(msg));
    case Status::Code::kUnsupported:
      return Status::Unsupported(std::move(msg));
    case Status::Code::kBusy:
      return Status::Busy(std::move(msg));
    case Status::Code::kOk:
    case Status::Code::kIoError:
      break;
  }
  return Status::IoError(std::move(msg));
}

#define WIRECRAWL_RETURN_IF_ERROR(expr)   \
  do {                                    \
    ::wirecrawl::Status status_ = (expr); \
    if (!status_.ok()) return status_;    \
  } while (false)

// Result<T>: a T, or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !ok()
  const Status& status() const { return std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace wirecrawl
