// out[j] = Σ_r m[r, j] over a rows×cols row-major matrix (bias gradients), one invocation per column.

struct Dims { rows: u32, cols: u32, _a: u32, _b: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> m: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(THREADS)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let j = flat_index(wid, nwg, lid);
  if (j >= dims.cols) { return; }
  var sum = 0.0;
  for (var r = 0u; r < dims.rows; r++) { sum += m[r * dims.cols + j]; }
  out[j] = sum;
}
