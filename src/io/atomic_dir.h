// src/io/atomic_dir.h
//
// An output directory written all or nothing (MODEL.md §8): files go into a
// temporary directory beside the target, which replaces the target in one
// rename when commit() is called. If the writer fails or is interrupted, the
// temporary directory is removed and the previous results stay as they were.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace stargate {

class AtomicDir {
 public:
  // Creates "<target>.tmp-<pid>" beside `target` (and target's parent).
  // Throws Error{kIo} when it cannot.
  explicit AtomicDir(std::filesystem::path target);
  ~AtomicDir();  // removes the temporary directory unless committed
  AtomicDir(const AtomicDir&) = delete;
  AtomicDir& operator=(const AtomicDir&) = delete;

  // Path of a file inside the temporary directory.
  std::filesystem::path path(std::string_view name) const { return tmp_ / name; }
  // Writes a whole file. Throws Error{kIo}.
  void write(std::string_view name, std::string_view content) const;
  // Puts the directory in place of the target: an atomic exchange when the
  // target exists (the old contents are then removed), a rename otherwise.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path tmp_;
  bool committed_ = false;
};

}  // namespace stargate
