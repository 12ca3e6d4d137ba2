// Monte Carlo across MPI ranks; the scheme is in mpi_montecarlo.h. The
// messages, all on MPI_COMM_WORLD, are:
//
//   rank r → 0, kBlockTag: one block's statistics (McBlock::save), in the
//     order of the rank's blocks;
//   rank r → 0, kEndTag: one double, how the rank's stream ended (End);
//     always the rank's last message to rank 0;
//   0 → rank r, kVerdictTag: one int, 1 for "stop now", 0 for "every block
//     is in"; exactly one per rank, so no message is left unreceived.
//
// Rank 0 probes each rank with MPI_ANY_TAG: messages from one sender are not
// overtaken by later ones, so a rank's kEndTag arrives after all its blocks.
// Only the main thread of a rank calls MPI (MPI_THREAD_FUNNELED); the rank's
// worker threads only compute blocks. Every wait polls, so that Ctrl-C, a
// failing rank or rank 0's "stop" is seen within a few milliseconds.
#include "mpi/mpi_montecarlo.h"

#include <mpi.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <exception>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mpi/launch.h"
#include "sim/montecarlo_run.h"
#include "stargate/error.h"

namespace stargate {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kBlockTag = 1;
constexpr int kEndTag = 2;
constexpr int kVerdictTag = 3;
constexpr milliseconds kPoll{2};   // between probes for a message
constexpr milliseconds kWait{20};  // longest wait for a local block
constexpr milliseconds kProgressEvery{100};

enum class End { kFinished = 0, kStopped = 1, kFailed = 2 };

// Ctrl-C reaches mpirun, not the ranks (each has its own process group):
// Open MPI's mpirun sends them SIGTERM and, a second later or as soon as one
// of them exits, SIGKILL. Slurm's scancel sends SIGTERM too. So SIGTERM stops
// a rank as McOptions::cancel does, in time for rank 0 to say that nothing
// was written.
std::atomic<bool> g_terminate{false};
extern "C" void on_terminate(int) { g_terminate.store(true); }

// The threads a rank starts by default: its share of the node. mpirun and
// srun bind a rank to some cores (one core, a socket, --cpus-per-task), so at
// most the cores it may run on; and at most the node's cores divided by the
// ranks on the node, since Open MPI binds each of more than two ranks to a
// whole socket, which they then share. Collective: every rank calls it.
int default_threads() {
  const int node_cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  int mine = node_cores;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) mine = CPU_COUNT(&set);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  int ranks_here = 1;
  MPI_Comm_size(node, &ranks_here);
  MPI_Comm_free(&node);
  return std::max(1, std::min(mine, node_cores / std::max(1, ranks_here)));
}

// The blocks of one rank (b = rank, rank + K, rank + 2K, …), computed on the
// rank's threads and handed to its main thread in order. Workers stay at
// most `window` blocks ahead of the block the main thread takes next, so
// memory is bounded however slow the rest of the job is.
class RankBlocks {
 public:
  enum class Take { kReady, kPending, kStopped };

  RankBlocks(const McRun& mc, int rank, int size, int threads, const std::atomic<bool>* cancel)
      : mc_(mc), rank_(rank), size_(size), cancel_(cancel), window_(2 * threads) {
    mine_ = rank < mc.blocks() ? (mc.blocks() - rank + size - 1) / size : 0;
    for (int t = 0; t < threads; ++t) pool_.emplace_back([this] { work(); });
  }
  ~RankBlocks() { stop(); }
  RankBlocks(const RankBlocks&) = delete;
  RankBlocks& operator=(const RankBlocks&) = delete;

  std::int64_t count() const { return mine_; }
  std::int64_t global(std::int64_t j) const { return rank_ + j * size_; }

  // This rank's j-th block, if it is ready within `wait`; kStopped when it
  // will never be (a worker was cancelled, failed, or stop() was called).
  Take take(std::int64_t j, McBlock& out, milliseconds wait) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, wait, [&] { return ready_.count(j) > 0 || halted(); });
    const auto it = ready_.find(j);
    if (it != ready_.end()) {
      out = std::move(it->second);
      ready_.erase(it);
      taken_ = j + 1;
      cv_.notify_all();
      return Take::kReady;
    }
    return halted() ? Take::kStopped : Take::kPending;
  }

  // Stops the workers (a block being computed is abandoned) and joins them.
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
      cv_.notify_all();
    }
    for (std::thread& t : pool_) t.join();
    pool_.clear();
  }

  // The first exception a worker threw, if any.
  std::exception_ptr error() {
    std::lock_guard<std::mutex> lock(mu_);
    return error_;
  }

 private:
  bool halted() const { return stop_.load() || cut_short_ || error_; }

  void work() {
    try {
      for (;;) {
        std::int64_t j = 0;
        {
          std::unique_lock<std::mutex> lock(mu_);
          cv_.wait(lock, [&] { return halted() || next_ >= mine_ || next_ < taken_ + window_; });
          if (halted() || next_ >= mine_) return;
          j = next_++;
        }
        McBlock block = mc_.empty_block();
        const bool whole = mc_.compute(global(j), block, &stop_, cancel_, nullptr);
        std::lock_guard<std::mutex> lock(mu_);
        if (whole) {
          ready_.emplace(j, std::move(block));
        } else {
          cut_short_ = true;  // a block cut short is never sent: results hold whole blocks
        }
        cv_.notify_all();
        if (!whole) return;
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu_);
      if (!error_) error_ = std::current_exception();
      cv_.notify_all();
    }
  }

  const McRun& mc_;
  const int rank_, size_;
  const std::atomic<bool>* cancel_;
  const std::int64_t window_;
  std::int64_t mine_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::int64_t, McBlock> ready_;  // computed, not yet taken
  std::int64_t next_ = 0;                  // the next block a worker starts
  std::int64_t taken_ = 0;                 // the next block the main thread takes
  std::atomic<bool> stop_{false};
  bool cut_short_ = false;
  std::exception_ptr error_;
  std::vector<std::thread> pool_;
};

bool cancelled(const McOptions& o) { return g_terminate.load() || (o.cancel && o.cancel->load()); }

// Receives the message that MPI_Probe/MPI_Iprobe found, of doubles.
void receive(const MPI_Status& found, std::vector<double>& buf) {
  int count = 0;
  MPI_Get_count(&found, MPI_DOUBLE, &count);
  buf.resize(static_cast<size_t>(count));
  MPI_Recv(buf.data(), count, MPI_DOUBLE, found.MPI_SOURCE, found.MPI_TAG, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
}

struct RootOutcome {
  int failed_rank = -1;  // a rank that reported an error
  std::string broken;    // a protocol fault: a bug
};

// Rank 0: merges block 0, 1, 2, … from itself and the others, then tells
// every rank to stop (or that all is in) and drains what they still send.
RootOutcome run_root(McRun& mc, RankBlocks& own, int size, const McOptions& o) {
  RootOutcome out;
  std::vector<bool> ended(static_cast<size_t>(size), false);
  ended[0] = true;
  McBlock block = mc.empty_block();
  std::vector<double> buf;
  std::int64_t merged = 0;
  auto last_progress = Clock::now();
  auto progress = [&] {
    if (o.progress && Clock::now() - last_progress >= kProgressEvery) {
      o.progress(merged, mc.trials());
      last_progress = Clock::now();
    }
  };
  bool stopped = false;
  for (std::int64_t b = 0; b < mc.blocks() && !stopped; ++b) {
    const int owner = static_cast<int>(b % size);
    for (bool have = false; !have && !stopped; progress()) {
      if (cancelled(o)) {
        stopped = true;
      } else if (owner == 0) {
        const RankBlocks::Take t = own.take(b / size, block, kWait);
        have = t == RankBlocks::Take::kReady;
        stopped = t == RankBlocks::Take::kStopped;
      } else {
        int flag = 0;
        MPI_Status found;
        MPI_Iprobe(owner, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &found);
        if (!flag) {
          std::this_thread::sleep_for(kPoll);
          continue;
        }
        receive(found, buf);
        if (found.MPI_TAG == kBlockTag) {
          block = mc.empty_block();  // load() fills a block of the run's shape
          block.load(buf);
          have = true;
          if (block.index != b) {
            out.broken = "rank " + std::to_string(owner) + " sent block " +
                         std::to_string(block.index) + " where block " + std::to_string(b) +
                         " was due";
            stopped = true;
          }
        } else {  // kEndTag before its last block: that rank stopped
          ended[static_cast<size_t>(owner)] = true;
          if (!buf.empty() && buf[0] == static_cast<double>(End::kFailed)) out.failed_rank = owner;
          stopped = true;
        }
      }
    }
    if (stopped) break;
    mc.merge(block);
    merged += block.trials;
  }
  if (o.progress) o.progress(merged, mc.trials());

  // One verdict per rank, then whatever each still sends, up to its end.
  std::vector<int> verdict(static_cast<size_t>(size), stopped ? 1 : 0);
  std::vector<MPI_Request> sent(static_cast<size_t>(size), MPI_REQUEST_NULL);
  for (int r = 1; r < size; ++r) {
    MPI_Isend(&verdict[static_cast<size_t>(r)], 1, MPI_INT, r, kVerdictTag, MPI_COMM_WORLD,
              &sent[static_cast<size_t>(r)]);
  }
  for (int r = 1; r < size; ++r) {
    while (!ended[static_cast<size_t>(r)]) {
      MPI_Status found;
      MPI_Probe(r, MPI_ANY_TAG, MPI_COMM_WORLD, &found);
      receive(found, buf);
      if (found.MPI_TAG == kEndTag) {
        ended[static_cast<size_t>(r)] = true;
        if (!buf.empty() && buf[0] == static_cast<double>(End::kFailed) && out.failed_rank < 0)
          out.failed_rank = r;
      }
    }
  }
  MPI_Waitall(size, sent.data(), MPI_STATUSES_IGNORE);
  return out;
}

// Rank r > 0: sends its blocks in order until done or told to stop, then its
// end, then takes rank 0's verdict. Returns how its stream ended and whether
// rank 0 said stop.
End run_other(RankBlocks& own, const McOptions& o, bool* told_to_stop) {
  McBlock block(0, 0, 0);  // take() moves each block in
  std::vector<double> buf;
  bool have_verdict = false;
  int verdict = 0;
  End end = End::kFinished;
  for (std::int64_t j = 0; j < own.count() && end == End::kFinished; ++j) {
    for (bool sent = false; !sent && end == End::kFinished;) {
      int flag = 0;
      MPI_Iprobe(0, kVerdictTag, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
      if (flag) {
        // Rank 0 says "all in" only once it has every block, ours included,
        // so a verdict that comes now says stop.
        MPI_Recv(&verdict, 1, MPI_INT, 0, kVerdictTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        have_verdict = true;
        end = End::kStopped;
      } else if (cancelled(o)) {
        end = End::kStopped;
      } else {
        const RankBlocks::Take t = own.take(j, block, kWait);
        if (t == RankBlocks::Take::kReady) {
          block.save(buf);
          MPI_Send(buf.data(), static_cast<int>(buf.size()), MPI_DOUBLE, 0, kBlockTag,
                   MPI_COMM_WORLD);
          sent = true;
        } else if (t == RankBlocks::Take::kStopped) {
          end = own.error() ? End::kFailed : End::kStopped;
        }
      }
    }
  }
  own.stop();
  if (end == End::kFinished && own.error()) end = End::kFailed;
  const double status = static_cast<double>(end);
  MPI_Send(&status, 1, MPI_DOUBLE, 0, kEndTag, MPI_COMM_WORLD);
  if (!have_verdict)
    MPI_Recv(&verdict, 1, MPI_INT, 0, kVerdictTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  *told_to_stop = verdict != 0;
  return end;
}

// The job's part after MPI is up: this rank's blocks, and on rank 0 the
// merge and the results.
McResults run_job(McRun& mc, int rank, int size, const McOptions& options, Clock::time_point t0) {
  const std::int64_t mine = rank < mc.blocks() ? (mc.blocks() - rank + size - 1) / size : 0;
  const int share = default_threads();  // collective, so on every rank
  const int threads = static_cast<int>(std::clamp<std::int64_t>(
      options.threads > 0 ? options.threads : share, 1, std::max<std::int64_t>(1, mine)));
  const auto previous_term = std::signal(SIGTERM, on_terminate);
  RankBlocks own(mc, rank, size, threads, options.cancel);
  RootOutcome root;
  End end = End::kFinished;
  bool told_to_stop = false;
  int all_threads = 0;
  try {
    if (rank == 0) {
      root = run_root(mc, own, size, options);
      own.stop();
    } else {
      end = run_other(own, options, &told_to_stop);
    }
    MPI_Reduce(&threads, &all_threads, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
  } catch (...) {
    // Out of memory, or a bug, in the middle of the exchange: the other ranks
    // would wait for this one forever, so end the whole job.
    std::cerr << "stargate: rank " << rank << " of the MPI job failed; ending the job\n";
    MPI_Abort(MPI_COMM_WORLD, 70);
  }
  std::signal(SIGTERM, previous_term);
  if (g_terminate.load() && rank != 0) {
    // mpirun kills the whole job when any rank exits: leave rank 0 the time
    // to report. It exits, or the launcher's SIGKILL comes, long before this.
    std::this_thread::sleep_for(std::chrono::seconds(5));
  }
  // Every rank has finished the exchange; what is left cannot make another wait.
  if (std::exception_ptr e = own.error()) std::rethrow_exception(e);
  McResults results;
  if (rank == 0) {
    if (!root.broken.empty())
      throw Error(ErrorKind::kInternal, "internal: MPI Monte Carlo: " + root.broken);
    if (root.failed_rank > 0) {
      throw Error(ErrorKind::kInternal, "rank " + std::to_string(root.failed_rank) +
                                            " of the MPI job stopped on an error (its own "
                                            "message says which)");
    }
    results = mc.results(all_threads, std::chrono::duration<double>(Clock::now() - t0).count());
  } else {
    results.trials_requested = mc.trials();
    results.complete = end == End::kFinished && !told_to_stop;
    results.threads = threads;
  }
  return results;
}

}  // namespace

// MPI_Finalize is skipped after SIGTERM: the launcher is then ending the
// job, and MPI_Finalize would wait for it until killed.
MpiSession::MpiSession() {
  const mpi::Launch launch = mpi::launch_from_environment();
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (launch.size > 0 && launch.size != size_) {
    // Each process found itself alone: the launcher is not of the MPI this
    // stargate was built with. Every process throws alike; none writes.
    const int seen = size_;
    MPI_Finalize();
    throw Error(ErrorKind::kUnsupported,
                "the launcher started " + std::to_string(launch.size) + " processes but MPI sees " +
                    std::to_string(seen) +
                    ": use the mpirun of the MPI stargate was built with (Open MPI), or srun "
                    "--mpi=pmix (docs/mpi.md)");
  }
}

MpiSession::~MpiSession() {
  if (!g_terminate.load()) MPI_Finalize();
}

McResults mpi_monte_carlo(const Scenario& scenario, const McOptions& options, int* rank) {
  const auto t0 = Clock::now();
  *rank = 0;
  // The base case, which also checks the questions: a bad scenario throws
  // here, alike on every rank, before MPI starts.
  McRun mc(scenario, options);
  MpiSession session;
  *rank = session.rank();
  return run_job(mc, session.rank(), session.size(), options, t0);
}

McResults mpi_monte_carlo(MpiSession& session, const Scenario& scenario, const McOptions& options) {
  const auto t0 = Clock::now();
  McRun mc(scenario, options);  // throws alike on every rank
  return run_job(mc, session.rank(), session.size(), options, t0);
}

}  // namespace stargate
