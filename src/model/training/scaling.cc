#include "model/training/scaling.h"

#include <cmath>
#include <string>

#include "core/format.h"
#include "stargate/error.h"

namespace stargate {
namespace {

// FLOP per parameter per token of training: 2 forward (a multiply and an add
// per weight) and 4 backward (gradients of activations and of weights).
constexpr double kFlopPerParamToken = 6.0;

void require_non_negative(double v, const char* what) {
  if (!(v >= 0.0)) {  // also rejects NaN
    throw Error(ErrorKind::kInternal, std::string("training scaling: ") + what +
                                          " must be non-negative, got " + format_number(v));
  }
}

}  // namespace

double training_flop(double params, double tokens) {
  require_non_negative(params, "params");
  require_non_negative(tokens, "tokens");
  return kFlopPerParamToken * params * tokens;
}

ComputeOptimal compute_optimal(const ScalingLaw& law, double flop) {
  require_non_negative(flop, "flop");
  // Minimising A/N^α + B/D^β with D = C/(6N): setting dL/dN = 0 gives
  // αA/N^α = βB/D^β, whose solution is Hoffmann et al. (2022) eq. 4.
  const double sum = law.alpha + law.beta;
  const double g = std::pow(law.alpha * law.A / (law.beta * law.B), 1.0 / sum);
  const double a = law.beta / sum;
  const double b = law.alpha / sum;
  const double pairs = flop / kFlopPerParamToken;  // N·D
  return ComputeOptimal{g * std::pow(pairs, a), std::pow(pairs, b) / g};
}

double predicted_loss(const ScalingLaw& law, double params, double tokens) {
  require_non_negative(params, "params");
  require_non_negative(tokens, "tokens");
  // pow(0, α) = 0 and A/0 = +inf: no model or no data, no prediction.
  return law.E + law.A / std::pow(params, law.alpha) + law.B / std::pow(tokens, law.beta);
}

}  // namespace stargate
