#include "sim/stats.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/random.h"

namespace stargate {

void RunningStats::add(double x) {
  if (n_ == 0) {
    min_ = max_ = x;
  } else {
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
  ++n_;
  const double d = x - mean_;
  mean_ += d / static_cast<double>(n_);
  m2_ += d * (x - mean_);
}

void RunningStats::merge(const RunningStats& o) {
  if (o.n_ == 0) return;
  if (n_ == 0) {
    *this = o;
    return;
  }
  const double na = static_cast<double>(n_), nb = static_cast<double>(o.n_), n = na + nb;
  const double d = o.mean_ - mean_;
  mean_ += d * nb / n;
  m2_ += o.m2_ + d * d * na * nb / n;
  n_ += o.n_;
  min_ = std::min(min_, o.min_);
  max_ = std::max(max_, o.max_);
}

double RunningStats::sd() const { return std::sqrt(variance()); }

// Level h's capacity: k at the top level, 2/3 of the level above's below
// it, at least 8 (integer arithmetic, so it is the same everywhere).
std::size_t QuantileSketch::capacity(size_t h) const {
  std::size_t cap = static_cast<std::size_t>(k_);
  for (size_t depth = levels_.size() - 1 - h; depth > 0 && cap > 8; --depth) cap = cap * 2 / 3;
  return std::max<std::size_t>(cap, 8);
}

void QuantileSketch::grow(size_t levels) {
  if (levels <= levels_.size()) return;
  levels_.resize(levels);
  compactions_.resize(levels, 0);
  total_capacity_ = 0;
  for (size_t h = 0; h < levels_.size(); ++h) total_capacity_ += capacity(h);
}

void QuantileSketch::add(double x) {
  if (levels_.empty()) grow(1);
  levels_[0].push_back(x);
  ++n_;
  if (++retained_ > total_capacity_) compress();
}

// While the sketch holds more than its capacity, the lowest level at or
// over its own capacity is compacted (one exists: the sizes sum to more
// than the capacities do).
void QuantileSketch::compress() {
  while (retained_ > total_capacity_) {
    size_t h = 0;
    while (levels_[h].size() < capacity(h)) ++h;
    compact(h);
  }
}

void QuantileSketch::compact(size_t h) {
  if (h + 1 == levels_.size()) grow(h + 2);
  std::vector<double>& buf = levels_[h];
  std::sort(buf.begin(), buf.end());
  // An odd value (the largest) stays behind, so no weight is lost.
  const bool odd = buf.size() % 2 == 1;
  const double left = odd ? buf.back() : 0.0;
  const size_t even = buf.size() - (odd ? 1 : 0);
  // The coin: a Philox bit keyed by how many compactions came before.
  const auto c = static_cast<std::uint64_t>(compacted_);
  const std::array<std::uint32_t, 4> bits =
      philox4x32({static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(c >> 32),
                  static_cast<std::uint32_t>(h), 0x4B4C4Cu},
                 {0x51A7C4E5u, 0x0u});
  std::vector<double>& up = levels_[h + 1];
  for (size_t i = bits[0] & 1u; i < even; i += 2) up.push_back(buf[i]);
  buf.clear();
  // A level's capacity shrinks as levels are added above it: memory it held
  // when it was larger is given back, or the sketch would keep the largest
  // size each level ever had, which grows with the number of levels.
  if (buf.capacity() > 2 * capacity(h) + 16) std::vector<double>().swap(buf);
  if (odd) buf.push_back(left);
  retained_ -= even / 2;
  ++compactions_[h];
  ++compacted_;
}

void QuantileSketch::merge(const QuantileSketch& o) {
  grow(o.levels_.size());
  for (size_t h = 0; h < o.levels_.size(); ++h) {
    levels_[h].insert(levels_[h].end(), o.levels_[h].begin(), o.levels_[h].end());
    compactions_[h] += o.compactions_[h];
  }
  n_ += o.n_;
  retained_ += o.retained_;
  compacted_ += o.compacted_;
  compress();
}

std::vector<double> QuantileSketch::quantiles(const std::vector<double>& qs) const {
  std::vector<std::pair<double, double>> items;  // value, weight
  items.reserve(retained_);
  for (size_t h = 0; h < levels_.size(); ++h) {
    const double w = std::ldexp(1.0, static_cast<int>(h));
    for (double v : levels_[h]) items.emplace_back(v, w);
  }
  std::vector<double> out(qs.size(), std::nan(""));
  if (items.empty()) return out;
  std::sort(items.begin(), items.end());
  std::vector<double> cum(items.size());
  double total = 0.0;
  for (size_t i = 0; i < items.size(); ++i) cum[i] = total += items[i].second;
  // The smallest value whose cumulative weight reaches q × total (at least
  // its first unit): the lower empirical quantile.
  for (size_t j = 0; j < qs.size(); ++j) {
    const double target = std::max(1.0, std::ceil(qs[j] * total - 1e-9));
    const size_t i =
        static_cast<size_t>(std::lower_bound(cum.begin(), cum.end(), target) - cum.begin());
    out[j] = items[std::min(i, items.size() - 1)].first;
  }
  return out;
}

double QuantileSketch::quantile(double q) const { return quantiles({q})[0]; }

double QuantileSketch::rank_error_bound() const {
  if (exact() || n_ == 0) return 0.0;
  double variance = 0.0;  // Σ_h m_h (2^h)²
  for (size_t h = 0; h < compactions_.size(); ++h) {
    variance += static_cast<double>(compactions_[h]) * std::ldexp(1.0, 2 * static_cast<int>(h));
  }
  return std::sqrt(2.0 * std::log(200.0) * variance) / static_cast<double>(n_);
}

// Counts are stored as doubles: exact below 2^53.
void RunningStats::save(std::vector<double>& out) const {
  out.insert(out.end(), {static_cast<double>(n_), mean_, m2_, min_, max_});
}

void RunningStats::load(const double*& in) {
  n_ = static_cast<std::int64_t>(in[0]);
  mean_ = in[1];
  m2_ = in[2];
  min_ = in[3];
  max_ = in[4];
  in += 5;
}

void QuantileSketch::save(std::vector<double>& out) const {
  out.insert(out.end(), {static_cast<double>(k_), static_cast<double>(n_),
                         static_cast<double>(compacted_), static_cast<double>(levels_.size())});
  for (size_t h = 0; h < levels_.size(); ++h) {
    out.push_back(static_cast<double>(compactions_[h]));
    out.push_back(static_cast<double>(levels_[h].size()));
    out.insert(out.end(), levels_[h].begin(), levels_[h].end());
  }
}

void QuantileSketch::load(const double*& in) {
  k_ = static_cast<int>(in[0]);
  n_ = static_cast<std::int64_t>(in[1]);
  compacted_ = static_cast<std::int64_t>(in[2]);
  const auto levels = static_cast<size_t>(in[3]);
  in += 4;
  levels_.clear();
  compactions_.clear();
  grow(levels);
  retained_ = 0;
  for (size_t h = 0; h < levels; ++h) {
    compactions_[h] = static_cast<std::int64_t>(in[0]);
    const auto size = static_cast<size_t>(in[1]);
    in += 2;
    levels_[h].assign(in, in + size);
    retained_ += size;
    in += size;
  }
}

}  // namespace stargate
