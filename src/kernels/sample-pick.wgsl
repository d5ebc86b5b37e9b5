// The constrained pick: one workgroup per row writes token[row, pos] from the logits that predict it.
// Each (row, position) has a slot of the per-batch plan:
//   forced != NONE  -> the token is already in place (BOS, names, EOS, fixed columns): nothing to do;
//   naFrom != NONE  -> a later value position of a column with an NA token: when the column's first
//                      value token (at naFrom) is NA, this one is NA too;
//   otherwise       -> draw from softmax(logits[lo..hi) / temperature), restricted to the top-k
//                      logits (ties at the k-th value are kept), greedy (lowest argmax) when
//                      temperature is 0. The draw inverts the CDF at u = hash(seed, row, pos), so
//                      two samplers with the same logits draw the same token.

const WG = 64u;
const NONE = 0xffffffffu;

struct Slot { forced: u32, lo: u32, hi: u32, naFrom: u32, naToken: u32 }

// Per sample() call.
struct Call { seed: u32, rowBase: u32, temperature: f32, topK: u32 }

// Per position: which token is picked and where its logits row is.
struct Step { pos: u32, seqLen: u32, logitsOffset: u32, logitsRowStride: u32 }

@group(0) @binding(0) var<uniform> call: Call;
@group(0) @binding(1) var<uniform> step: Step;
@group(0) @binding(2) var<storage, read> plan: array<Slot>;
@group(0) @binding(3) var<storage, read> logits: array<f32>;
@group(0) @binding(4) var<storage, read_write> tokens: array<u32>;

var<workgroup> redF: array<f32, WG>;
var<workgroup> redU: array<u32, WG>;
var<workgroup> mode: u32;
var<workgroup> legal: vec2<u32>;
var<workgroup> shared_f: f32;
var<workgroup> shared_u: u32;

fn pcg(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

// Uniform in [0, 1) with 24 random bits; mirrored by sampleUniform in sample-rng.ts.
fn uniform01(seed: u32, row: u32, pos: u32) -> f32 {
  return f32(pcg(seed ^ pcg(row ^ pcg(pos))) >> 8u) * (1.0 / 16777216.0);
}

fn maxAll(tid: u32, v: f32) -> f32 {
  redF[tid] = v;
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    workgroupBarrier();
    if (tid < s) { redF[tid] = max(redF[tid], redF[tid + s]); }
  }
  workgroupBarrier();
  if (tid == 0u) { shared_f = redF[0]; }
  return workgroupUniformLoad(&shared_f);
}

fn sumAll(tid: u32, v: u32) -> u32 {
  redU[tid] = v;
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    workgroupBarrier();
    if (tid < s) { redU[tid] += redU[tid + s]; }
  }
  workgroupBarrier();
  if (tid == 0u) { shared_u = redU[0]; }
  return workgroupUniformLoad(&shared_u);
}

fn minAll(tid: u32, v: u32) -> u32 {
  redU[tid] = v;
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    workgroupBarrier();
    if (tid < s) { redU[tid] = min(redU[tid], redU[tid + s]); }
  }
  workgroupBarrier();
  if (tid == 0u) { shared_u = redU[0]; }
  return workgroupUniformLoad(&shared_u);
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row = wid.x;
  let tid = lid.x;
  let at = row * step.seqLen + step.pos;
  if (tid == 0u) {
    let slot = plan[at];
    legal = vec2<u32>(slot.lo, slot.hi);
    if (slot.forced != NONE) {
      mode = 0u;
    } else if (slot.naFrom != NONE && tokens[row * step.seqLen + slot.naFrom] == slot.naToken) {
      tokens[at] = slot.naToken;
      mode = 0u;
    } else {
      mode = 1u;
    }
  }
  if (workgroupUniformLoad(&mode) == 0u) { return; }
  // Loaded uniformly: the top-k loop below holds barriers, so its bounds must be workgroup-uniform.
  let range = workgroupUniformLoad(&legal);
  let lo = range.x;
  let hi = range.y;

  let base = step.logitsOffset + row * step.logitsRowStride;
  let NEG = -3.4028234e38;
  var localMax = NEG;
  for (var i = lo + tid; i < hi; i += WG) { localMax = max(localMax, logits[base + i]); }
  let top = maxAll(tid, localMax);

  // Lowest index holding the maximum: the greedy token, and the fallback of the draw below.
  var localArg = NONE;
  for (var i = lo + tid; i < hi; i += WG) {
    if (logits[base + i] == top) { localArg = min(localArg, i); }
  }
  let argmax = minAll(tid, localArg);
  if (call.temperature <= 0.0) {
    if (tid == 0u) { tokens[at] = argmax; }
    return;
  }

  // Top-k: lower the threshold one distinct value at a time until k logits are at or above it.
  var threshold = NEG;
  if (call.topK > 0u && call.topK < hi - lo) {
    threshold = top;
    var localCount = 0u;
    for (var i = lo + tid; i < hi; i += WG) { localCount += select(0u, 1u, logits[base + i] == top); }
    var count = sumAll(tid, localCount);
    while (count < call.topK) {
      var below = NEG;
      for (var i = lo + tid; i < hi; i += WG) {
        let l = logits[base + i];
        if (l < threshold) { below = max(below, l); }
      }
      threshold = maxAll(tid, below);
      if (threshold == NEG) { break; } // only NaN logits are left: never loop forever
      localCount = 0u;
      for (var i = lo + tid; i < hi; i += WG) { localCount += select(0u, 1u, logits[base + i] == threshold); }
      count += sumAll(tid, localCount);
    }
  }

  // Each invocation owns a contiguous chunk of the legal range; an exclusive scan of the chunk sums
  // finds the chunk holding u·total, and its owner walks it in the same order it summed it.
  let n = hi - lo;
  let chunk = (n + WG - 1u) / WG;
  let first = lo + min(tid * chunk, n);
  let last = lo + min((tid + 1u) * chunk, n);
  let invT = 1.0 / call.temperature;
  var chunkSum = 0.0;
  for (var i = first; i < last; i++) {
    let l = logits[base + i];
    if (l >= threshold) { chunkSum += exp((l - top) * invT); }
  }
  redF[tid] = chunkSum;
  workgroupBarrier();
  if (tid == 0u) {
    var acc = 0.0;
    for (var j = 0u; j < WG; j++) {
      acc += redF[j];
      redF[j] = acc;
    }
    shared_u = NONE;
  }
  workgroupBarrier();
  let total = redF[WG - 1u];
  let goal = uniform01(call.seed, call.rowBase + row, step.pos) * total;
  var before = 0.0;
  if (tid > 0u) { before = redF[tid - 1u]; }
  if (chunkSum > 0.0 && goal >= before && goal < redF[tid]) {
    let inChunk = goal - before;
    var acc = 0.0;
    var chosen = NONE;
    for (var i = first; i < last; i++) {
      let l = logits[base + i];
      if (l >= threshold) {
        acc += exp((l - top) * invT);
        chosen = i;
        if (inChunk < acc) { break; }
      }
    }
    shared_u = chosen;
  }
  workgroupBarrier();
  if (tid == 0u) {
    // u·total can round up to the total itself: then no chunk claims it and the argmax is taken.
    tokens[at] = select(shared_u, argmax, shared_u == NONE);
  }
}
