// Per-row weighted log-likelihood of the counted tokens. Position n = (row, t) predicts token t+1;
// that target counts iff t+1 < seqLen and its id >= valueTokenStart (names, BOS and EOS never count).
// forward: lse[n] = logsumexp(logits[n]); token_log_probs[n] = logits[n, target] − lse[n] or 0.
// row_sum: row_log_probs[b] = Σ_t token_log_probs[b, t] = logπ(y_b).
// weighted_loss: loss = Σ_b row_weights[b]·row_log_probs[b].
// backward: dlogits[n, v] = row_weights[b]·(onehot(target) − softmax(logits[n]))_v at counted positions,
// the gradient of Σ_b w_b·logπ(y_b).

struct Dims { batch: u32, seqLen: u32, vocab: u32, valueTokenStart: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;

@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> tokens: array<u32>;
@group(0) @binding(3) var<storage, read_write> lse: array<f32>;
@group(0) @binding(4) var<storage, read_write> token_log_probs: array<f32>;

@group(0) @binding(1) var<storage, read> token_log_probs_in: array<f32>;
@group(0) @binding(2) var<storage, read_write> row_log_probs: array<f32>;

@group(0) @binding(1) var<storage, read> row_weights: array<f32>;
@group(0) @binding(2) var<storage, read> row_log_probs_in: array<f32>;
@group(0) @binding(3) var<storage, read_write> loss: array<f32>;

@group(0) @binding(3) var<storage, read> lse_in: array<f32>;
@group(0) @binding(4) var<storage, read> row_weights_in: array<f32>;
@group(0) @binding(5) var<storage, read_write> dlogits: array<f32>;

// The counted target predicted at position n, or -1.
fn counted_target(n: u32) -> i32 {
  if (n % dims.seqLen == dims.seqLen - 1u) { return -1; }
  let token = tokens[n + 1u];
  if (token < dims.valueTokenStart) { return -1; }
  return i32(token);
}

@compute @workgroup_size(THREADS)
fn forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let n = flat_index(wid, nwg, lid);
  if (n >= dims.batch * dims.seqLen) { return; }
  let base = n * dims.vocab;
  var max_logit = -3.0e38;
  for (var v = 0u; v < dims.vocab; v++) { max_logit = max(max_logit, logits[base + v]); }
  var total = 0.0;
  for (var v = 0u; v < dims.vocab; v++) { total += exp(logits[base + v] - max_logit); }
  let log_sum = max_logit + log(total);
  lse[n] = log_sum;
  let next = counted_target(n);
  token_log_probs[n] = select(0.0, logits[base + u32(max(next, 0))] - log_sum, next >= 0);
}

@compute @workgroup_size(THREADS)
fn row_sum(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let b = flat_index(wid, nwg, lid);
  if (b >= dims.batch) { return; }
  var sum = 0.0;
  for (var t = 0u; t < dims.seqLen; t++) { sum += token_log_probs_in[b * dims.seqLen + t]; }
  row_log_probs[b] = sum;
}

@compute @workgroup_size(THREADS)
fn weighted_loss(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  if (flat_index(wid, nwg, lid) != 0u) { return; }
  var sum = 0.0;
  for (var b = 0u; b < dims.batch; b++) { sum += row_weights[b] * row_log_probs_in[b]; }
  loss[0] = sum;
}

@compute @workgroup_size(THREADS)
fn backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = flat_index(wid, nwg, lid);
  if (i >= dims.batch * dims.seqLen * dims.vocab) { return; }
  let n = i / dims.vocab;
  let v = i % dims.vocab;
  let next = counted_target(n);
  if (next < 0) {
    dlogits[i] = 0.0;
    return;
  }
  let onehot = select(0.0, 1.0, i32(v) == next);
  dlogits[i] = row_weights_in[n / dims.seqLen] * (onehot - exp(logits[i] - lse_in[n]));
}
