// src/model/training/scaling.h
//
// Scaling laws of dense transformer language models (MODEL.md §6): how much
// compute a training run takes, how a compute budget is best split between
// model size and data, and the loss that split is predicted to reach.
//
// - Training compute C = 6·N·D FLOP for N parameters on D tokens: about 2 FLOP
//   per parameter per token forward and 4 backward (Kaplan et al. 2020,
//   arXiv:2001.08361, §2.1), without attention's sequence-length term.
// - The loss is the parametric form of Chinchilla's approach 3 (Hoffmann et
//   al. 2022, arXiv:2203.15556, eq. 2), L(N, D) = E + A/N^α + B/D^β, with the
//   constants refitted by Besiroglu et al. (2024), "Chinchilla Scaling: A
//   replication attempt", arXiv:2404.10102 (E = 1.8172, A = 482.01,
//   B = 2085.43, α = 0.3478, β = 0.3658). Loss is in nats per token.
// - The compute-optimal split minimises L on the line 6·N·D = C (Hoffmann et
//   al., eq. 4): N = G·(C/6)^a, D = G⁻¹·(C/6)^b, G = (αA / βB)^(1/(α+β)),
//   a = β/(α+β), b = α/(α+β); a + b = 1, so 6·N·D = C exactly.
//
// Worked example: C = 5.76e23 FLOP (Chinchilla's budget) gives N ≈ 7.22e10
// parameters and D ≈ 1.33e12 tokens with the default constants.
//
// Known limits: the constants were fitted on Hoffmann et al.'s runs, dense
// models of 70 million to 16 billion parameters on 5 to 500 billion tokens of
// unrepeated data; larger budgets are an extrapolation. Nothing here covers
// mixture-of-experts models, repeated data or inference cost.
//
// Pure functions of their arguments; thread-safe. They throw
// Error{ErrorKind::kInternal} when an argument is negative or NaN (the
// scenario loader rejects such values, so reaching here with one is a bug).
#pragma once

namespace stargate {

// The constants of L(N, D) = E + A/N^α + B/D^β; defaults: Besiroglu et al.
// (2024), arXiv:2404.10102, their refit of Chinchilla's approach 3.
struct ScalingLaw {
  double E = 1.8172;  // irreducible loss, nats per token
  double A = 482.01;
  double B = 2085.43;
  double alpha = 0.3478;  // exponent of the parameter count N
  double beta = 0.3658;   // exponent of the token count D
};

// A model size and a data size, in parameters and tokens.
struct ComputeOptimal {
  double params = 0;
  double tokens = 0;
};

// C = 6·N·D, in FLOP. REQUIRES: params, tokens >= 0.
double training_flop(double params, double tokens);

// The (N, D) that minimises the predicted loss among those with 6·N·D = flop.
// REQUIRES: flop >= 0 (0 gives {0, 0}); law.alpha, law.beta, law.A, law.B > 0.
ComputeOptimal compute_optimal(const ScalingLaw& law, double flop);

// L(N, D) = E + A/N^α + B/D^β in nats per token; +inf when params or tokens is
// 0. REQUIRES: params, tokens >= 0.
double predicted_loss(const ScalingLaw& law, double params, double tokens);

}  // namespace stargate
