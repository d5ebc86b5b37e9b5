// Causal attention for ONE new position per row against a KV cache (the sampler's incremental step).
// One workgroup per (head, row). The new position's k and v come from this step's qkv row
// [q | k | v] and are also written into the cache for the later positions to read.

override MAX_SEQ: u32 = 256u;
const WG = 64u;

struct Dims { heads: u32, headDim: u32, maxSeq: u32, pos: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> qkv: array<f32>;
@group(0) @binding(2) var<storage, read_write> kCache: array<f32>;
@group(0) @binding(3) var<storage, read_write> vCache: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

var<workgroup> scores: array<f32, MAX_SEQ>;
var<workgroup> red: array<f32, WG>;

fn reduce(tid: u32, v: f32, isMax: bool) -> f32 {
  red[tid] = v;
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    workgroupBarrier();
    if (tid < s) {
      if (isMax) { red[tid] = max(red[tid], red[tid + s]); } else { red[tid] += red[tid + s]; }
    }
  }
  workgroupBarrier();
  let r = red[0];
  workgroupBarrier();
  return r;
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let h = wid.x;
  let row = wid.y;
  let tid = lid.x;
  let hd = dims.headDim;
  let d = dims.heads * hd;
  let pos = dims.pos;
  let q = row * 3u * d + h * hd;
  let kNew = q + d;
  let vNew = q + 2u * d;
  let cacheRow = row * dims.maxSeq * d + h * hd;
  let scale = inverseSqrt(f32(hd));

  var localMax = -3.4028234e38;
  for (var j = tid; j <= pos; j += WG) {
    var dot = 0.0;
    if (j < pos) {
      let k = cacheRow + j * d;
      for (var i = 0u; i < hd; i++) { dot += qkv[q + i] * kCache[k + i]; }
    } else {
      for (var i = 0u; i < hd; i++) { dot += qkv[q + i] * qkv[kNew + i]; }
    }
    scores[j] = dot * scale;
    localMax = max(localMax, dot * scale);
  }
  for (var i = tid; i < hd; i += WG) {
    kCache[cacheRow + pos * d + i] = qkv[kNew + i];
    vCache[cacheRow + pos * d + i] = qkv[vNew + i];
  }
  let top = reduce(tid, localMax, true);
  var localSum = 0.0;
  for (var j = tid; j <= pos; j += WG) {
    let e = exp(scores[j] - top);
    scores[j] = e;
    localSum += e;
  }
  let total = reduce(tid, localSum, false);
  for (var i = tid; i < hd; i += WG) {
    var acc = 0.0;
    for (var j = 0u; j < pos; j++) { acc += scores[j] * vCache[cacheRow + j * d + i]; }
    acc += scores[pos] * qkv[vNew + i];
    out[row * d + h * hd + i] = acc / total;
  }
}
