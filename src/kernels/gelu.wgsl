// GELU, GPT-2's tanh form: y = 0.5·x·(1 + tanh(sqrt(2/π)·(x + 0.044715·x³))).
// backward works in place: grad[i] *= gelu'(x[i]).

const C = 0.7978845608028654;

struct Dims { count: u32, _a: u32, _b: u32, _c: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> grad: array<f32>;

// tanh through exp of a non-positive argument: no overflow for large |u|.
fn stable_tanh(u: f32) -> f32 {
  let e = exp(-2.0 * abs(u));
  return sign(u) * (1.0 - e) / (1.0 + e);
}

@compute @workgroup_size(THREADS)
fn forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = flat_index(wid, nwg, lid);
  if (i >= dims.count) { return; }
  let v = x[i];
  y[i] = 0.5 * v * (1.0 + stable_tanh(C * (v + 0.044715 * v * v * v)));
}

@compute @workgroup_size(THREADS)
fn backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = flat_index(wid, nwg, lid);
  if (i >= dims.count) { return; }
  let v = x[i];
  let t = stable_tanh(C * (v + 0.044715 * v * v * v));
  let dt = (1.0 - t * t) * C * (1.0 + 3.0 * 0.044715 * v * v);
  grad[i] *= 0.5 * (1.0 + t) + 0.5 * v * dt;
}
