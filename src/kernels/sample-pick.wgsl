// The constrained pick: one invocation per row writes token[row, pos] from the logits predicting it.
// Serial over the legal range (a column's categories or 10 digits): no barriers, which are the
// expensive part on CPU adapters, and a fixed summation order. Each (row, position) has a plan slot:
//   forced != NONE  -> the token is already in place (BOS, names, EOS, fixed columns): nothing to do;
//   naFrom != NONE  -> a later value position of a column with an NA token: when the column's first
//                      value token (at naFrom) is NA, this one is NA too;
//   otherwise       -> draw from softmax(logits[lo..hi) / temperature) restricted to the top-k
//                      logits (ties at the k-th value are kept); the lowest argmax when temperature
//                      is 0. The draw inverts the CDF at u = hash(seed, row, pos), so two samplers
//                      with the same logits draw the same token.

const NONE = 0xffffffffu;
const NEG = -3.4028234e38;

struct Slot { forced: u32, lo: u32, hi: u32, naFrom: u32, naToken: u32 }

// Per sample() call.
struct Call { seed: u32, rowBase: u32, temperature: f32, topK: u32, rows: u32 }

// Per position: which token is picked and where its logits row is.
struct Step { pos: u32, seqLen: u32, logitsOffset: u32, logitsRowStride: u32 }

@group(0) @binding(0) var<uniform> call: Call;
@group(0) @binding(1) var<uniform> step: Step;
@group(0) @binding(2) var<storage, read> plan: array<Slot>;
@group(0) @binding(3) var<storage, read> logits: array<f32>;
@group(0) @binding(4) var<storage, read_write> tokens: array<u32>;

fn pcg(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

// Uniform in [0, 1) with 24 random bits; mirrored by sampleUniform in sample-rng.ts.
fn uniform01(seed: u32, row: u32, pos: u32) -> f32 {
  return f32(pcg(seed ^ pcg(row ^ pcg(pos))) >> 8u) * (1.0 / 16777216.0);
}

// The k-th largest logit of [lo, hi): lower the threshold one distinct value at a time.
fn topKThreshold(base: u32, lo: u32, hi: u32, top: f32, k: u32) -> f32 {
  var threshold = top;
  var count = 0u;
  loop {
    var below = NEG;
    for (var i = lo; i < hi; i++) {
      let l = logits[base + i];
      if (l == threshold) { count++; }
      if (l < threshold) { below = max(below, l); }
    }
    if (count >= k || below == NEG) { return threshold; }
    threshold = below;
  }
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.x;
  if (row >= call.rows) { return; }
  let at = row * step.seqLen + step.pos;
  let slot = plan[at];
  if (slot.forced != NONE) { return; }
  if (slot.naFrom != NONE && tokens[row * step.seqLen + slot.naFrom] == slot.naToken) {
    tokens[at] = slot.naToken;
    return;
  }
  let base = step.logitsOffset + row * step.logitsRowStride;
  var top = NEG;
  var argmax = slot.lo;
  for (var i = slot.lo; i < slot.hi; i++) {
    let l = logits[base + i];
    if (l > top) { top = l; argmax = i; }
  }
  if (call.temperature <= 0.0) {
    tokens[at] = argmax;
    return;
  }
  var threshold = NEG;
  if (call.topK > 0u && call.topK < slot.hi - slot.lo) { threshold = topKThreshold(base, slot.lo, slot.hi, top, call.topK); }
  let invT = 1.0 / call.temperature;
  var total = 0.0;
  for (var i = slot.lo; i < slot.hi; i++) {
    let l = logits[base + i];
    if (l >= threshold) { total += exp((l - top) * invT); }
  }
  let goal = uniform01(call.seed, call.rowBase + row, step.pos) * total;
  // u·total can round up to total itself: then the walk ends on the last eligible token.
  var acc = 0.0;
  var chosen = argmax;
  for (var i = slot.lo; i < slot.hi; i++) {
    let l = logits[base + i];
    if (l >= threshold) {
      acc += exp((l - top) * invT);
      chosen = i;
      if (goal < acc) { break; }
    }
  }
  tokens[at] = chosen;
}
