// The constrained pick: one invocation per row writes token[row, pos] from the logits predicting it.
// Serial over the legal tokens (a column's categories or 10 digits): no barriers, which are the
// expensive part on CPU adapters, and a fixed summation order. Each (row, position) has a plan slot:
//   forced != NONE  -> the token is already in place (BOS, names, EOS, fixed columns): nothing to do;
//   naFrom != NONE  -> a later value position of a column with an NA token: when the column's first
//                      value token (at naFrom) is NA, this one is NA too;
//   otherwise       -> the legal tokens are [lo, hi), narrowed at a number's digits (below), plus
//                      naToken when it is set (the first value position of a column with NA).
//                      Draw from softmax(logits / temperature) over them, restricted to the top-k
//                      legal logits (ties at the k-th value are kept); the lowest legal argmax when
//                      temperature is 0. The draw inverts the CDF at u = hash(seed, row, pos), so two
//                      samplers with the same logits draw the same token.
// A number's digits (digitFrom != NONE, its first digit's position; the sign, if any, just before
// it) stay inside the column's range by construction: every digit position carries the digits of
// the lowest and highest legal magnitude for each sign (bounds: bytes +low, +high, -low, -high).
// While the digits drawn so far equal the low bound's, the next digit is at least the low bound's
// digit; while they equal the high bound's, at most the high bound's. Any such prefix completes
// inside the range, so no number is ever clamped.

const NONE = 0xffffffffu;
const NEG = -3.4028234e38;

struct Slot { forced: u32, lo: u32, hi: u32, naFrom: u32, naToken: u32, digitFrom: u32, minusToken: u32, bounds: u32 }

// Per sample() call.
struct Call { seed: u32, rowBase: u32, temperature: f32, topK: u32, rows: u32, _a: u32, _b: u32, _c: u32 }

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

// [first, end) of the digits legal at this position of a number (slot.lo is its digit 0).
fn digitRange(rowStart: u32, slot: Slot) -> vec2<u32> {
  var shift = 0u;
  if (slot.minusToken != NONE && tokens[rowStart + slot.digitFrom - 1u] == slot.minusToken) { shift = 16u; }
  var tightLow = true;
  var tightHigh = true;
  for (var q = slot.digitFrom; q < step.pos; q++) {
    let earlier = plan[rowStart + q];
    let digit = tokens[rowStart + q] - earlier.lo;
    let bounds = earlier.bounds >> shift;
    tightLow = tightLow && digit == (bounds & 0xffu);
    tightHigh = tightHigh && digit == ((bounds >> 8u) & 0xffu);
  }
  let bounds = slot.bounds >> shift;
  var low = 0u;
  var high = 9u;
  if (tightLow) { low = bounds & 0xffu; }
  if (tightHigh) { high = (bounds >> 8u) & 0xffu; }
  return vec2<u32>(slot.lo + low, slot.lo + high + 1u);
}

// The legal tokens: [lo, hi) and the extra token (NONE or >= hi), walked in ascending order up to end.
struct Legal { lo: u32, hi: u32, extra: u32, end: u32 }

fn isLegal(legal: Legal, i: u32) -> bool {
  return i < legal.hi || i == legal.extra;
}

// The k-th largest legal logit: lower the threshold one distinct value at a time.
fn topKThreshold(base: u32, legal: Legal, top: f32, k: u32) -> f32 {
  var threshold = top;
  var count = 0u;
  loop {
    var below = NEG;
    for (var i = legal.lo; i < legal.end; i++) {
      if (!isLegal(legal, i)) { continue; }
      let l = logits[base + i];
      if (l == threshold) { count++; }
      if (l < threshold) { below = max(below, l); }
    }
    if (count >= k || below == NEG) { return threshold; }
    threshold = below;
  }
}

@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.x;
  if (row >= call.rows) { return; }
  let rowStart = row * step.seqLen;
  let at = rowStart + step.pos;
  let slot = plan[at];
  if (slot.forced != NONE) { return; }
  if (slot.naFrom != NONE && tokens[rowStart + slot.naFrom] == slot.naToken) {
    tokens[at] = slot.naToken;
    return;
  }
  var legal = Legal(slot.lo, slot.hi, NONE, slot.hi);
  if (slot.digitFrom != NONE) {
    let digits = digitRange(rowStart, slot);
    legal.lo = digits.x;
    legal.hi = digits.y;
    legal.end = digits.y;
  }
  if (slot.naFrom == NONE && slot.naToken != NONE) {
    legal.extra = slot.naToken;
    legal.end = slot.naToken + 1u;
  }
  var count = 0u;
  let base = step.logitsOffset + row * step.logitsRowStride;
  var top = NEG;
  var argmax = NONE;
  for (var i = legal.lo; i < legal.end; i++) {
    if (!isLegal(legal, i)) { continue; }
    count++;
    let l = logits[base + i];
    if (argmax == NONE || l > top) { top = l; argmax = i; }
  }
  if (call.temperature <= 0.0) {
    tokens[at] = argmax;
    return;
  }
  var threshold = NEG;
  if (call.topK > 0u && call.topK < count) { threshold = topKThreshold(base, legal, top, call.topK); }
  let invT = 1.0 / call.temperature;
  var total = 0.0;
  for (var i = legal.lo; i < legal.end; i++) {
    if (!isLegal(legal, i)) { continue; }
    let l = logits[base + i];
    if (l >= threshold) { total += exp((l - top) * invT); }
  }
  let goal = uniform01(call.seed, call.rowBase + row, step.pos) * total;
  // u·total can round up to total itself: then the walk ends on the last eligible token.
  var acc = 0.0;
  var chosen = argmax;
  for (var i = legal.lo; i < legal.end; i++) {
    if (!isLegal(legal, i)) { continue; }
    let l = logits[base + i];
    if (l >= threshold) {
      acc += exp((l - top) * invT);
      chosen = i;
      if (goal < acc) { break; }
    }
  }
  tokens[at] = chosen;
}
