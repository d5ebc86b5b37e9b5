// Token + position embedding. forward: x[n, j] = wte[token[n], j] + wpe[n % seqLen, j].
// backward_wte adds dx into the (tied) token embedding's gradient, one invocation per column so no
// two invocations ever write the same element; backward_wpe writes the whole position gradient
// (all `positions` rows of wpe, zero beyond seqLen).

struct Dims { rows: u32, seqLen: u32, dim: u32, positions: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;

@group(0) @binding(1) var<storage, read> tokens: array<u32>;
@group(0) @binding(2) var<storage, read> wte: array<f32>;
@group(0) @binding(3) var<storage, read> wpe: array<f32>;
@group(0) @binding(4) var<storage, read_write> x: array<f32>;

@group(0) @binding(2) var<storage, read> dx_for_wte: array<f32>;
@group(0) @binding(3) var<storage, read_write> dwte: array<f32>;

@group(0) @binding(1) var<storage, read> dx_for_wpe: array<f32>;
@group(0) @binding(2) var<storage, read_write> dwpe: array<f32>;

@compute @workgroup_size(THREADS)
fn forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = flat_index(wid, nwg, lid);
  if (i >= dims.rows * dims.dim) { return; }
  let n = i / dims.dim;
  let j = i % dims.dim;
  x[i] = wte[tokens[n] * dims.dim + j] + wpe[(n % dims.seqLen) * dims.dim + j];
}

@compute @workgroup_size(THREADS)
fn backward_wte(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = flat_index(wid, nwg, lid);
  if (j >= dims.dim) { return; }
  for (var n = 0u; n < dims.rows; n++) {
    let at = tokens[n] * dims.dim + j;
    dwte[at] += dx_for_wte[n * dims.dim + j];
  }
}

@compute @workgroup_size(THREADS)
fn backward_wpe(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = flat_index(wid, nwg, lid);
  if (i >= dims.positions * dims.dim) { return; }
  var sum = 0.0;
  let t = i / dims.dim;
  for (var n = t; t < dims.seqLen && n < dims.rows; n += dims.seqLen) {
    sum += dx_for_wpe[n * dims.dim + i % dims.dim];
  }
  dwpe[i] = sum;
}
