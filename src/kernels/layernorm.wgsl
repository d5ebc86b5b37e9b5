// LayerNorm over rows of width dim (eps 1e-5, as GPT-2), one invocation per row.
// forward: with HAS_RESIDUAL the input is a + b, which is also written to `sum` (the residual
// stream); stats holds (mean, rstd) per row for the backward.
// backward: dx (+)= dLN/dx · dy; with ACCUMULATE it adds into dx, which then carries the residual
// stream's gradient. backward_params: dgamma, dbeta, one invocation per column.
// gamma and beta are one binding: gamma at 0, beta at dims.betaOffset (adjacent tensors of the layout).

override HAS_RESIDUAL: bool = false;
override ACCUMULATE: bool = false;

const EPS = 1e-5;

struct Dims { rows: u32, dim: u32, betaOffset: u32, _pad: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;

@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> sum: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;
@group(0) @binding(5) var<storage, read_write> stats: array<f32>;
@group(0) @binding(6) var<storage, read> gamma_beta: array<f32>;

@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> saved_stats: array<f32>;
@group(0) @binding(4) var<storage, read> gamma_for_backward: array<f32>;
@group(0) @binding(5) var<storage, read_write> dx: array<f32>;

@group(0) @binding(4) var<storage, read_write> dgamma_beta: array<f32>;

fn input(i: u32) -> f32 {
  if (HAS_RESIDUAL) { return a[i] + b[i]; }
  return a[i];
}

@compute @workgroup_size(THREADS)
fn forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let r = flat_index(wid, nwg, lid);
  if (r >= dims.rows) { return; }
  let base = r * dims.dim;
  var mean = 0.0;
  for (var j = 0u; j < dims.dim; j++) {
    let v = input(base + j);
    if (HAS_RESIDUAL) { sum[base + j] = v; }
    mean += v;
  }
  mean /= f32(dims.dim);
  var variance = 0.0;
  for (var j = 0u; j < dims.dim; j++) {
    let c = input(base + j) - mean;
    variance += c * c;
  }
  let rstd = inverseSqrt(variance / f32(dims.dim) + EPS);
  for (var j = 0u; j < dims.dim; j++) {
    y[base + j] = (input(base + j) - mean) * rstd * gamma_beta[j] + gamma_beta[dims.betaOffset + j];
  }
  stats[2u * r] = mean;
  stats[2u * r + 1u] = rstd;
}

@compute @workgroup_size(THREADS)
fn backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let r = flat_index(wid, nwg, lid);
  if (r >= dims.rows) { return; }
  let base = r * dims.dim;
  let mean = saved_stats[2u * r];
  let rstd = saved_stats[2u * r + 1u];
  var sum_g = 0.0;
  var sum_gx = 0.0;
  for (var j = 0u; j < dims.dim; j++) {
    let g = dy[base + j] * gamma_for_backward[j];
    sum_g += g;
    sum_gx += g * (x[base + j] - mean) * rstd;
  }
  let inv = 1.0 / f32(dims.dim);
  for (var j = 0u; j < dims.dim; j++) {
    let xhat = (x[base + j] - mean) * rstd;
    var v = rstd * (dy[base + j] * gamma_for_backward[j] - sum_g * inv - xhat * sum_gx * inv);
    if (ACCUMULATE) { v += dx[base + j]; }
    dx[base + j] = v;
  }
}

@compute @workgroup_size(THREADS)
fn backward_params(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = flat_index(wid, nwg, lid);
  if (j >= dims.dim) { return; }
  var dgamma = 0.0;
  var dbeta = 0.0;
  for (var r = 0u; r < dims.rows; r++) {
    let g = dy[r * dims.dim + j];
    dgamma += g * (x[r * dims.dim + j] - saved_stats[2u * r]) * saved_stats[2u * r + 1u];
    dbeta += g;
  }
  dgamma_beta[j] = dgamma;
  dgamma_beta[dims.betaOffset + j] = dbeta;
}
