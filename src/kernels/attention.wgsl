// Causal multi-head attention on GPT-2's packed rows qkv[n] = [q | k | v] (each dim = heads·headDim
// wide, head h at columns h·headDim..). One invocation per (batch, head, position): simple loops, no
// barriers (barriers are the expensive part on CPU adapters), probabilities saved for the backward.
// forward: probs[b,h,t,s] = softmax_s≤t(q_t·k_s / sqrt(headDim)); out[t] = Σ_s probs·v_s.
// backward_query: dscores = probs·(dprobs − Σ probs·dprobs)·scale, dq_t = Σ_s dscores[t,s]·k_s.
// backward_key_value: dk_s = Σ_t≥s dscores[t,s]·q_t, dv_s = Σ_t≥s probs[t,s]·dout_t.

struct Dims { batch: u32, seqLen: u32, heads: u32, headDim: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;

@group(0) @binding(1) var<storage, read> qkv: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<storage, read_write> probs: array<f32>;

@group(0) @binding(1) var<storage, read> dout: array<f32>;
@group(0) @binding(2) var<storage, read> qkv_saved: array<f32>;
@group(0) @binding(3) var<storage, read> probs_saved: array<f32>;
@group(0) @binding(4) var<storage, read_write> dscores: array<f32>;
@group(0) @binding(5) var<storage, read_write> dqkv: array<f32>;

@group(0) @binding(4) var<storage, read> dscores_saved: array<f32>;

fn flat_index(wid: vec3<u32>, nwg: vec3<u32>, lid: vec3<u32>) -> u32 {
  return (wid.y * nwg.x + wid.x) * 64u + lid.x;
}

struct Site { b: u32, h: u32, t: u32, dim: u32, scale: f32 }

fn site(i: u32) -> Site {
  let t = i % dims.seqLen;
  let h = (i / dims.seqLen) % dims.heads;
  let b = i / (dims.seqLen * dims.heads);
  return Site(b, h, t, dims.heads * dims.headDim, inverseSqrt(f32(dims.headDim)));
}

// Start of head h's slice of part (0 q, 1 k, 2 v) at position t of row b in qkv.
fn qkv_at(s: Site, t: u32, part: u32) -> u32 {
  return (s.b * dims.seqLen + t) * 3u * s.dim + part * s.dim + s.h * dims.headDim;
}

fn probs_row(s: Site, t: u32) -> u32 {
  return ((s.b * dims.heads + s.h) * dims.seqLen + t) * dims.seqLen;
}

fn out_at(s: Site, t: u32) -> u32 {
  return (s.b * dims.seqLen + t) * s.dim + s.h * dims.headDim;
}

@compute @workgroup_size(64)
fn forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = flat_index(wid, nwg, lid);
  if (i >= dims.batch * dims.heads * dims.seqLen) { return; }
  let s = site(i);
  let q = qkv_at(s, s.t, 0u);
  let p = probs_row(s, s.t);
  var max_score = -3.0e38;
  for (var u = 0u; u <= s.t; u++) {
    let k = qkv_at(s, u, 1u);
    var dot = 0.0;
    for (var c = 0u; c < dims.headDim; c++) { dot += qkv[q + c] * qkv[k + c]; }
    let score = dot * s.scale;
    probs[p + u] = score;
    max_score = max(max_score, score);
  }
  var total = 0.0;
  for (var u = 0u; u <= s.t; u++) {
    let e = exp(probs[p + u] - max_score);
    probs[p + u] = e;
    total += e;
  }
  let inv = 1.0 / total;
  let o = out_at(s, s.t);
  for (var c = 0u; c < dims.headDim; c++) { out[o + c] = 0.0; }
  for (var u = 0u; u <= s.t; u++) {
    let w = probs[p + u] * inv;
    probs[p + u] = w;
    let v = qkv_at(s, u, 2u);
    for (var c = 0u; c < dims.headDim; c++) { out[o + c] += w * qkv[v + c]; }
  }
}

@compute @workgroup_size(64)
fn backward_query(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = flat_index(wid, nwg, lid);
  if (i >= dims.batch * dims.heads * dims.seqLen) { return; }
  let s = site(i);
  let o = out_at(s, s.t);
  let p = probs_row(s, s.t);
  var weighted = 0.0;
  for (var u = 0u; u <= s.t; u++) {
    let v = qkv_at(s, u, 2u);
    var dprob = 0.0;
    for (var c = 0u; c < dims.headDim; c++) { dprob += dout[o + c] * qkv_saved[v + c]; }
    dscores[p + u] = dprob;
    weighted += probs_saved[p + u] * dprob;
  }
  for (var u = 0u; u <= s.t; u++) {
    dscores[p + u] = probs_saved[p + u] * (dscores[p + u] - weighted) * s.scale;
  }
  let q = qkv_at(s, s.t, 0u);
  for (var c = 0u; c < dims.headDim; c++) {
    var dq = 0.0;
    for (var u = 0u; u <= s.t; u++) { dq += dscores[p + u] * qkv_saved[qkv_at(s, u, 1u) + c]; }
    dqkv[q + c] = dq;
  }
}

@compute @workgroup_size(64)
fn backward_key_value(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = flat_index(wid, nwg, lid);
  if (i >= dims.batch * dims.heads * dims.seqLen) { return; }
  let s = site(i);
  let k = qkv_at(s, s.t, 1u);
  let v = qkv_at(s, s.t, 2u);
  for (var c = 0u; c < dims.headDim; c++) {
    var dk = 0.0;
    var dv = 0.0;
    for (var t = s.t; t < dims.seqLen; t++) {
      let at = probs_row(s, t) + s.t;
      dk += dscores_saved[at] * qkv_saved[qkv_at(s, t, 0u) + c];
      dv += probs_saved[at] * dout[out_at(s, t) + c];
    }
    dqkv[k + c] = dk;
    dqkv[v + c] = dv;
  }
}
