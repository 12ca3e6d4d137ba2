#include "core/random.h"

namespace stargate {
namespace {

// Random123's constants: the round multipliers and the Weyl key increments.
constexpr std::uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;
constexpr std::uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;

}  // namespace

std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> x,
                                        std::array<std::uint32_t, 2> k) {
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = static_cast<std::uint64_t>(kMul0) * x[0];
    const std::uint64_t p1 = static_cast<std::uint64_t>(kMul1) * x[2];
    const auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
    const auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
    x = {hi1 ^ x[1] ^ k[0], lo1, hi0 ^ x[3] ^ k[1], lo0};
    k[0] += kWeyl0;
    k[1] += kWeyl1;
  }
  return x;
}

std::uint64_t stream_id(std::string_view key_path) {
  std::uint64_t h = 0xCBF29CE484222325ull;  // FNV-1a 64-bit offset basis
  for (char c : key_path) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ull;  // FNV-1a 64-bit prime
  }
  return h;
}

double RandomStream::uniform(std::uint64_t n) const {
  // Counter: (draw number, trial, stream). A draw uses the first 64 of its
  // block's 128 bits; every (trial, stream, n) with trial and n below 2^32
  // has a block of its own.
  const std::array<std::uint32_t, 4> ctr = {
      static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(trial_),
      static_cast<std::uint32_t>(stream_), static_cast<std::uint32_t>(stream_ >> 32)};
  const std::array<std::uint32_t, 4> r = philox4x32(ctr, key_);
  const std::uint64_t bits = (static_cast<std::uint64_t>(r[0]) << 32 | r[1]) >> 11;  // 53 bits
  return (static_cast<double>(bits) + 0.5) * 0x1.0p-53;
}

}  // namespace stargate
