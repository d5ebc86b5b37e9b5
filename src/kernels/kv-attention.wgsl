// Causal attention for ONE new position per row against a KV cache (the sampler's incremental step).
// One invocation per (row, head), no barriers (the expensive part on CPU adapters): an online
// softmax walks positions 0..pos once, rescaling its running sum and output. The new position's k
// and v come from this step's qkv row [q | k | v] and are written into the cache for later steps.

const MAX_HEAD_DIM = 128u;
const NEG = -3.4028234e38;

struct Dims { batch: u32, heads: u32, headDim: u32, maxSeq: u32, pos: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> qkv: array<f32>;
@group(0) @binding(2) var<storage, read_write> kCache: array<f32>;
@group(0) @binding(3) var<storage, read_write> vCache: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= dims.batch * dims.heads) { return; }
  let row = gid.x / dims.heads;
  let h = gid.x % dims.heads;
  let hd = dims.headDim;
  let d = dims.heads * hd;
  let pos = dims.pos;
  let q = row * 3u * d + h * hd;
  let cacheRow = row * dims.maxSeq * d + h * hd;
  let scale = inverseSqrt(f32(hd));

  var acc: array<f32, MAX_HEAD_DIM>;
  var top = NEG;
  var sum = 0.0;
  for (var j = 0u; j <= pos; j++) {
    // Earlier positions from the cache, this one straight from qkv.
    let fromCache = j < pos;
    let k = cacheRow + j * d;
    var dot = 0.0;
    if (fromCache) {
      for (var i = 0u; i < hd; i++) { dot += qkv[q + i] * kCache[k + i]; }
    } else {
      for (var i = 0u; i < hd; i++) { dot += qkv[q + i] * qkv[q + d + i]; }
    }
    let s = dot * scale;
    let newTop = max(top, s);
    let rescale = exp(top - newTop);
    let p = exp(s - newTop);
    sum = sum * rescale + p;
    if (fromCache) {
      for (var i = 0u; i < hd; i++) { acc[i] = acc[i] * rescale + p * vCache[k + i]; }
    } else {
      for (var i = 0u; i < hd; i++) { acc[i] = acc[i] * rescale + p * qkv[q + 2u * d + i]; }
    }
    top = newTop;
  }
  for (var i = 0u; i < hd; i++) {
    out[row * d + h * hd + i] = acc[i] / sum;
    kCache[cacheRow + pos * d + i] = qkv[q + d + i];
    vCache[cacheRow + pos * d + i] = qkv[q + 2u * d + i];
  }
}
