#include "io/atomic_dir.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "stargate/error.h"

namespace stargate {
namespace fs = std::filesystem;

AtomicDir::AtomicDir(fs::path target) : target_(std::move(target)) {
  if (target_.filename().empty()) target_ = target_.parent_path();
  std::error_code ec;
  const fs::path parent = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  fs::create_directories(parent, ec);
  if (ec) throw Error(ErrorKind::kIo, "cannot create '" + parent.string() + "': " + ec.message());
  tmp_ = parent / (target_.filename().string() + ".tmp-" + std::to_string(::getpid()));
  fs::remove_all(tmp_, ec);
  fs::create_directory(tmp_, ec);
  if (ec) throw Error(ErrorKind::kIo, "cannot create '" + tmp_.string() + "': " + ec.message());
}

AtomicDir::~AtomicDir() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(tmp_, ec);
}

void AtomicDir::write(std::string_view name, std::string_view content) const {
  const fs::path p = path(name);
  std::ofstream out(p, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) throw Error(ErrorKind::kIo, "cannot write '" + p.string() + "'");
}

void AtomicDir::commit() {
  std::error_code ec;
  if (fs::exists(target_, ec)) {
    if (!fs::is_directory(target_, ec)) {
      throw Error(ErrorKind::kIo, "'" + target_.string() + "' exists and is not a directory");
    }
    // Swap in one step, so a reader sees either the old or the new results.
    if (::renameat2(AT_FDCWD, tmp_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) != 0) {
      throw Error(ErrorKind::kIo,
                  "cannot replace '" + target_.string() + "': " + std::strerror(errno));
    }
    committed_ = true;
    fs::remove_all(tmp_, ec);  // now holds the previous results
    return;
  }
  if (::rename(tmp_.c_str(), target_.c_str()) != 0) {
    throw Error(ErrorKind::kIo,
                "cannot create '" + target_.string() + "': " + std::strerror(errno));
  }
  committed_ = true;
}

}  // namespace stargate
