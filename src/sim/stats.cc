#include "sim/stats.h"

#include <algorithm>
#include <cmath>

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

void QuantileSketch::add(double x) {
  if (levels_.empty()) {
    levels_.emplace_back();
    offset_.push_back(0);
  }
  levels_[0].push_back(x);
  ++n_;
  if (levels_[0].size() >= 2 * static_cast<size_t>(k_)) compact(0);
}

void QuantileSketch::compact(size_t h) {
  if (h + 1 == levels_.size()) {
    levels_.emplace_back();
    offset_.push_back(0);
  }
  std::vector<double>& buf = levels_[h];
  std::sort(buf.begin(), buf.end());
  // An odd value stays behind, so no weight is lost.
  double left = 0.0;
  const bool odd = buf.size() % 2 == 1;
  if (odd) left = buf.back();
  const size_t even = buf.size() - (odd ? 1 : 0);
  const size_t keep_from = offset_[h];
  offset_[h] ^= 1;
  std::vector<double>& up = levels_[h + 1];
  for (size_t i = keep_from; i < even; i += 2) up.push_back(buf[i]);
  buf.clear();
  if (odd) buf.push_back(left);
  if (up.size() >= 2 * static_cast<size_t>(k_)) compact(h + 1);
}

void QuantileSketch::merge(const QuantileSketch& o) {
  if (o.levels_.size() > levels_.size()) {
    levels_.resize(o.levels_.size());
    offset_.resize(o.levels_.size(), 0);
  }
  n_ += o.n_;
  for (size_t h = 0; h < o.levels_.size(); ++h) {
    levels_[h].insert(levels_[h].end(), o.levels_[h].begin(), o.levels_[h].end());
  }
  for (size_t h = 0; h < levels_.size(); ++h) {
    if (levels_[h].size() >= 2 * static_cast<size_t>(k_)) compact(h);
  }
}

double QuantileSketch::quantile(double q) const {
  std::vector<std::pair<double, double>> items;  // value, weight
  for (size_t h = 0; h < levels_.size(); ++h) {
    const double w = std::ldexp(1.0, static_cast<int>(h));
    for (double v : levels_[h]) items.emplace_back(v, w);
  }
  if (items.empty()) return std::nan("");
  std::sort(items.begin(), items.end());
  double total = 0.0;
  for (const auto& it : items) total += it.second;
  // The smallest value whose cumulative weight reaches q × total (at least
  // its first unit): the lower empirical quantile.
  const double target = std::max(1.0, std::ceil(q * total - 1e-9));
  double cum = 0.0;
  for (const auto& [v, w] : items) {
    cum += w;
    if (cum >= target) return v;
  }
  return items.back().first;
}

double QuantileSketch::rank_error_bound() const {
  if (exact()) return 0.0;
  const double n = static_cast<double>(n_), k = static_cast<double>(k_);
  return (std::log2(n / k + 1.0) + 1.0) / k;
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
  out.push_back(static_cast<double>(k_));
  out.push_back(static_cast<double>(n_));
  out.push_back(static_cast<double>(levels_.size()));
  for (size_t h = 0; h < levels_.size(); ++h) {
    out.push_back(offset_[h]);
    out.push_back(static_cast<double>(levels_[h].size()));
    out.insert(out.end(), levels_[h].begin(), levels_[h].end());
  }
}

void QuantileSketch::load(const double*& in) {
  k_ = static_cast<int>(in[0]);
  n_ = static_cast<std::int64_t>(in[1]);
  const auto levels = static_cast<size_t>(in[2]);
  in += 3;
  levels_.assign(levels, {});
  offset_.assign(levels, 0);
  for (size_t h = 0; h < levels; ++h) {
    offset_[h] = static_cast<std::uint8_t>(in[0]);
    const auto size = static_cast<size_t>(in[1]);
    in += 2;
    levels_[h].assign(in, in + size);
    in += size;
  }
}

}  // namespace stargate
