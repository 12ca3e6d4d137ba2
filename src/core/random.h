// src/core/random.h
//
// Counter-based random numbers for Monte Carlo (MODEL.md §7): a trial's draw
// for an input depends only on (seed, trial, input key path, draw number), so
// trial i gives the same numbers whichever thread or MPI rank runs it, and in
// whatever order.
//
// The generator is Philox4x32-10 (Salmon, Moraes, Dror and Shaw 2011,
// "Parallel random numbers: as easy as 1, 2, 3", SC'11; the Random123
// library): ten rounds of a keyed bijection of a 128-bit counter. The key is
// the seed; the counter is (draw number, trial, input hash). Written here
// because Debian ships no C++ Philox (the standard library's engines are
// sequential, not counter-based); it is checked against the Known Answer
// Tests of Random123 (src/core/random_test.cc).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace stargate {

// One Philox4x32-10 block: 128 random bits for a counter and a key.
std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> counter,
                                        std::array<std::uint32_t, 2> key);

// A 64-bit hash of a key path (FNV-1a), naming an input's stream.
std::uint64_t stream_id(std::string_view key_path);

// The uniform numbers of one (seed, trial, stream): u(n) is a double in
// (0, 1), never 0 or 1, from 53 random bits. Distinct for trials and draw
// numbers below 2^32.
class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t trial, std::uint64_t stream)
      : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
        trial_(trial),
        stream_(stream) {}
  // The n-th uniform of the stream; uniform(n) is the same every call.
  double uniform(std::uint64_t n) const;
  // The next uniform: uniform(0), uniform(1), ...
  double next() { return uniform(next_++); }

 private:
  std::array<std::uint32_t, 2> key_;
  std::uint64_t trial_;
  std::uint64_t stream_;
  std::uint64_t next_ = 0;
};

}  // namespace stargate
