// AdamW over the one flat parameter buffer (PyTorch semantics: p −= lr·(m̂/(sqrt(v̂)+eps) + wd·p)).
// Weight decay applies per 64-float block (every tensor starts on a block): decay_blocks[i / 64].
// bias_correction1/2 = 1 − beta^step are written by the host each step (queue.writeBuffer).
// With max_grad_norm > 0 the gradient is scaled by min(1, max_grad_norm / (‖g‖ + 1e-6)), ‖g‖² from
// norm_partial + norm_final, computed on the GPU in the same submit.

struct Hyper {
  lr: f32, beta1: f32, beta2: f32, eps: f32,
  weight_decay: f32, bias_correction1: f32, bias_correction2: f32, max_grad_norm: f32,
  count: u32, _a: u32, _b: u32, _c: u32,
}

@group(0) @binding(0) var<uniform> hyper: Hyper;
@group(0) @binding(1) var<storage, read_write> params: array<f32>;
@group(0) @binding(2) var<storage, read> grads: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;
@group(0) @binding(5) var<storage, read> decay_blocks: array<u32>;
@group(0) @binding(6) var<storage, read> norm_squared: array<f32>;

@group(0) @binding(1) var<storage, read> grads_for_norm: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;

// norm_final needs no uniform: its bindings start at 0.
@group(0) @binding(0) var<storage, read> partials_in: array<f32>;
@group(0) @binding(1) var<storage, read_write> norm_squared_out: array<f32>;

// As ADAMW_DECAY_BLOCK in adamw.ts.
const DECAY_BLOCK = 64u;
var<workgroup> scratch: array<f32, THREADS>;

@compute @workgroup_size(THREADS)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = flat_index(wid, nwg, lid);
  if (i >= hyper.count) { return; }
  var scale = 1.0;
  if (hyper.max_grad_norm > 0.0) { scale = min(1.0, hyper.max_grad_norm / (sqrt(norm_squared[0]) + 1e-6)); }
  let g = grads[i] * scale;
  let m_new = hyper.beta1 * m[i] + (1.0 - hyper.beta1) * g;
  let v_new = hyper.beta2 * v[i] + (1.0 - hyper.beta2) * g * g;
  m[i] = m_new;
  v[i] = v_new;
  let update = (m_new / hyper.bias_correction1) / (sqrt(v_new / hyper.bias_correction2) + hyper.eps);
  let decay = select(0.0, hyper.weight_decay * params[i], decay_blocks[i / DECAY_BLOCK] != 0u);
  params[i] -= hyper.lr * (update + decay);
}

fn reduce_scratch(lid: u32) {
  for (var stride = THREADS / 2u; stride > 0u; stride >>= 1u) {
    workgroupBarrier();
    if (lid < stride) { scratch[lid] += scratch[lid + stride]; }
  }
}

// THREADS workgroups; each sums the squares of a strided share of the gradient into one partial,
// which norm_final sums in one workgroup, one partial per invocation.
@compute @workgroup_size(THREADS)
fn norm_partial(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  var sum = 0.0;
  for (var i = wid.x * THREADS + lid.x; i < hyper.count; i += THREADS * THREADS) {
    let g = grads_for_norm[i];
    sum += g * g;
  }
  scratch[lid.x] = sum;
  reduce_scratch(lid.x);
  if (lid.x == 0u) { partials[wid.x] = scratch[0]; }
}

@compute @workgroup_size(THREADS)
fn norm_final(@builtin(local_invocation_id) lid: vec3<u32>) {
  scratch[lid.x] = partials_in[lid.x];
  reduce_scratch(lid.x);
  if (lid.x == 0u) { norm_squared_out[0] = scratch[0]; }
}
