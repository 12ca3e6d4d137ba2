// src/sim/stats.h
//
// Statistics of a Monte Carlo run whose memory does not grow with the number
// of trials (MODEL.md §7), and that merge: each block of trials keeps its
// own, and blocks are merged in block order, so the result is the same
// whatever the number of threads.
//
// - RunningStats: exact count, mean and variance (Welford's update; Chan,
//   Golub and LeVeque's formula to merge two).
// - QuantileSketch: a mergeable quantile sketch of fixed size, KLL (Karnin,
//   Lang and Liberty 2016, with capacities shrinking by 2/3 per level below
//   the top). Values enter level 0 with weight 1; when the sketch holds more
//   than its capacity, the lowest full level is sorted and every other value,
//   starting at a coin-chosen offset, moves up with twice the weight. It
//   keeps at most about 3k values whatever the count — its memory is flat in
//   N — and while nothing has been compacted (up to k values) its quantiles
//   are exact.
//   The error bound: for any value, a compaction at level h moves its rank
//   by ±2^h or not at all, the sign a fair coin. Summed (Azuma–Hoeffding),
//   with probability ≥ 99% the rank error of a quantile is at most
//   sqrt(2 ln(200) Σ_h m_h 4^h), where m_h counts level h's compactions; the
//   sketch counts them and rank_error_bound() returns that bound over N. In
//   practice about 2.4 / k: 0.06% of the ranks with k = 4096, whatever N.
//   The coins come from Philox keyed by the sketch's compaction count, so a
//   sketch is a deterministic function of its values and the order of its
//   merges: blocks merged in block order give the same bits for any number
//   of threads or ranks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace stargate {

class RunningStats {
 public:
  void add(double x);
  // Appends `o`'s values as if they had been added after this one's.
  void merge(const RunningStats& o);
  std::int64_t count() const { return n_; }
  double mean() const { return mean_; }
  // The sample variance (n − 1); 0 with fewer than two values.
  double variance() const { return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : 0.0; }
  double sd() const;
  double min() const { return min_; }
  double max() const { return max_; }
  // Exact copies through a flat buffer (for merging across processes).
  void save(std::vector<double>& out) const;
  void load(const double*& in);

 private:
  std::int64_t n_ = 0;
  double mean_ = 0.0, m2_ = 0.0;
  double min_ = 0.0, max_ = 0.0;
};

class QuantileSketch {
 public:
  explicit QuantileSketch(int k = 4096) : k_(k) {}
  void add(double x);
  // Appends `o`'s values as if they had been added after this one's.
  void merge(const QuantileSketch& o);
  std::int64_t count() const { return n_; }
  // The value at quantile q in [0, 1] (the lower one on ties between two):
  // exact while exact(), within rank_error_bound() (at 99%) after that.
  double quantile(double q) const;
  // Several quantiles with one sort.
  std::vector<double> quantiles(const std::vector<double>& qs) const;
  // The 99% bound on |rank error| / count(); 0 while exact.
  double rank_error_bound() const;
  bool exact() const { return compacted_ == 0; }
  // Values held: at most about 3k, whatever count() is.
  std::size_t retained() const { return retained_; }
  void save(std::vector<double>& out) const;
  void load(const double*& in);

 private:
  std::size_t capacity(std::size_t level) const;
  void grow(std::size_t levels);
  void compress();
  void compact(std::size_t level);
  int k_;
  std::int64_t n_ = 0;
  std::size_t retained_ = 0;                 // values held, over all levels
  std::size_t total_capacity_ = 0;           // Σ capacity(h)
  std::int64_t compacted_ = 0;               // compactions so far, all levels
  std::vector<std::vector<double>> levels_;  // level h: values of weight 2^h
  std::vector<std::int64_t> compactions_;    // per level
};

}  // namespace stargate
