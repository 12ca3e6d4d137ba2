// src/sim/montecarlo_run.h
//
// The pieces of a Monte Carlo run (MODEL.md §7), for the front ends that
// schedule blocks themselves: monte_carlo() runs them on threads; the MPI
// front end (apps/cli) runs them across ranks and merges them on rank 0 in
// block order. A block is a fixed range of trials; its statistics travel as
// a flat buffer of doubles (Block::save/load), so merging across processes is
// bit-identical to merging in one.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/stats.h"
#include "stargate/montecarlo.h"

namespace stargate {

// A trial kept for rank correlations: its hash orders the sample.
struct McSampleRow {
  std::uint64_t hash = 0;
  std::int64_t trial = 0;
  std::vector<double> inputs, metrics;
};

struct McBlock {
  std::int64_t index = -1;
  std::vector<McSampleRow> sample;  // the smallest hashes seen, at most `sample_limit`
  std::int64_t sample_limit = 0;
  std::int64_t trials = 0;
  std::vector<RunningStats> stats;
  std::vector<QuantileSketch> sketch;
  std::vector<std::int64_t> never;
  std::vector<RunningStats> fan_stats;
  std::vector<QuantileSketch> fan_sketch;
  std::vector<std::int64_t> yes;
  McBlock(size_t metrics, size_t fan_cells, size_t questions, std::int64_t limit = 0);
  void keep(McSampleRow row);
  void merge(const McBlock& o);
  void save(std::vector<double>& out) const;
  void load(const std::vector<double>& in);
};

class McRun {
 public:
  // Runs the base case (it names the metrics and checks the questions).
  // Throws Error{kInvalidScenario} for a question on an unknown series.
  McRun(const Scenario& scenario, const McOptions& options);
  ~McRun();
  std::int64_t blocks() const;
  std::int64_t trials() const;
  McBlock empty_block() const;
  // Runs block b's trials; false (and a partial block, not to be merged)
  // when `stop` or `cancel` (either may be null) became true on the way.
  // `done` counts finished trials.
  bool compute(std::int64_t b, McBlock& out, const std::atomic<bool>* stop,
               const std::atomic<bool>* cancel, std::atomic<std::int64_t>* done) const;
  // Merges the next block in order into the total.
  void merge(const McBlock& block);
  // With McOptions::sensitivity, fills the rank correlations from the
  // merged sample and runs the tornado.
  McResults results(int threads, double seconds) const;

 private:
  void sensitivity(McResults& out) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stargate
