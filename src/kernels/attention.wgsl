// The row-wise half of causal attention; attention.ts does the products with the matmul kernels.
// Rows are (batch, head, query t) of a [batch·heads·seqLen, seqLen] score matrix, one invocation
// per row, no barriers.
// softmax_forward: scores S (= q·kᵀ) in place → probs P[t,u] = softmax_u≤t(S[t,u]·scale), 0 for u > t.
// softmax_backward: dP (= dout·vᵀ) in place → dS[t,u] = P[t,u]·(dP[t,u] − Σ_u P·dP)·scale.

struct Dims { rows: u32, seqLen: u32, scale: f32, _pad: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read_write> scores: array<f32>;

@group(0) @binding(1) var<storage, read> probs: array<f32>;
@group(0) @binding(2) var<storage, read_write> grads: array<f32>;

@compute @workgroup_size(THREADS)
fn softmax_forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row = flat_index(wid, nwg, lid);
  if (row >= dims.rows) { return; }
  let t = row % dims.seqLen;
  let first = row * dims.seqLen;
  var peak = -3.0e38;
  for (var u = 0u; u <= t; u++) { peak = max(peak, scores[first + u]); }
  var total = 0.0;
  for (var u = 0u; u <= t; u++) {
    let e = exp((scores[first + u] - peak) * dims.scale);
    scores[first + u] = e;
    total += e;
  }
  let inv = 1.0 / total;
  for (var u = 0u; u <= t; u++) { scores[first + u] *= inv; }
  for (var u = t + 1u; u < dims.seqLen; u++) { scores[first + u] = 0.0; }
}

@compute @workgroup_size(THREADS)
fn softmax_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row = flat_index(wid, nwg, lid);
  if (row >= dims.rows) { return; }
  let t = row % dims.seqLen;
  let first = row * dims.seqLen;
  var weighted = 0.0;
  for (var u = 0u; u <= t; u++) { weighted += probs[first + u] * grads[first + u]; }
  for (var u = 0u; u <= t; u++) {
    grads[first + u] = probs[first + u] * (grads[first + u] - weighted) * dims.scale;
  }
  for (var u = t + 1u; u < dims.seqLen; u++) { grads[first + u] = 0.0; }
}
