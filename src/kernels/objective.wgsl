// Alignment objectives of method.md §4 as functions of per-row log-probs only.
// Rows 0..G-1 of the minibatch are the high group, rows G..2G-1 the low group; for DPO, row i
// of the high group is paired with row i of the low group. Writes the per-row weights
// g_i = dL/dlogπθ(y_i) that the weighted cross-entropy backward consumes, and
// stats = [loss, mean Δ high, mean Δ low] for progress reports. Δ = logπθ − logπref.
// Two optional anchor terms are added to every objective (0 = off):
//   klWeight      · ½·mean over the 2G rows of Δ²  (holds each row's log-ratio near 0, the SFT model)
//   highNllWeight · −mean over the high group of logπθ  (supervised steps on the round's best rows)

const TABGRAA = 0u;
const TABGRAA_LOGSIGMOID = 1u;
const DPO = 2u;
const KTO = 3u;
const NPO = 4u;

struct Params { objective: u32, groupSize: u32, beta: f32, klWeight: f32, highNllWeight: f32, _a: u32, _b: u32, _c: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> policyLogp: array<f32>;
@group(0) @binding(2) var<storage, read> referenceLogp: array<f32>;
@group(0) @binding(3) var<storage, read_write> weights: array<f32>;
@group(0) @binding(4) var<storage, read_write> stats: array<f32>;

fn sigmoid(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}

// -log σ(x), stable for large |x|.
fn negLogSigmoid(x: f32) -> f32 {
  return max(-x, 0.0) + log(1.0 + exp(-abs(x)));
}

fn delta(i: u32) -> f32 {
  return policyLogp[i] - referenceLogp[i];
}

@compute @workgroup_size(1)
fn main() {
  let G = params.groupSize;
  let beta = params.beta;
  let invG = 1.0 / f32(G);
  var meanHigh = 0.0;
  var meanLow = 0.0;
  for (var i = 0u; i < G; i++) {
    meanHigh += delta(i);
    meanLow += delta(G + i);
  }
  meanHigh *= invG;
  meanLow *= invG;
  var loss = 0.0;

  switch (params.objective) {
    case TABGRAA: {
      let s = sigmoid(beta * (meanLow - meanHigh));
      loss = s;
      let slope = s * (1.0 - s) * beta * invG;
      for (var i = 0u; i < G; i++) {
        weights[i] = -slope;
        weights[G + i] = slope;
      }
    }
    case TABGRAA_LOGSIGMOID: {
      let u = beta * (meanHigh - meanLow);
      loss = negLogSigmoid(u);
      let slope = (1.0 - sigmoid(u)) * beta * invG;
      for (var i = 0u; i < G; i++) {
        weights[i] = -slope;
        weights[G + i] = slope;
      }
    }
    case DPO: {
      for (var i = 0u; i < G; i++) {
        let u = beta * (delta(i) - delta(G + i));
        loss += negLogSigmoid(u) * invG;
        let slope = (1.0 - sigmoid(u)) * beta * invG;
        weights[i] = -slope;
        weights[G + i] = slope;
      }
    }
    case KTO: {
      let z0 = max(0.0, 0.5 * (meanHigh + meanLow));
      for (var i = 0u; i < G; i++) {
        let sh = sigmoid(beta * (delta(i) - z0));
        let sl = sigmoid(beta * (z0 - delta(G + i)));
        loss += ((1.0 - sh) + (1.0 - sl)) * invG;
        weights[i] = -sh * (1.0 - sh) * beta * invG;
        weights[G + i] = sl * (1.0 - sl) * beta * invG;
      }
    }
    case NPO: {
      for (var i = 0u; i < G; i++) {
        let d = delta(G + i);
        loss += (2.0 / beta) * negLogSigmoid(-beta * d) * invG;
        weights[i] = 0.0;
        weights[G + i] = 2.0 * sigmoid(beta * d) * invG;
      }
    }
    default: {}
  }
  let invRows = 0.5 * invG;
  for (var i = 0u; i < 2u * G; i++) {
    let d = delta(i);
    loss += params.klWeight * 0.5 * d * d * invRows;
    weights[i] += params.klWeight * d * invRows;
  }
  for (var i = 0u; i < G; i++) {
    loss -= params.highNllWeight * policyLogp[i] * invG;
    weights[i] -= params.highNllWeight * invG;
  }
  stats[0] = loss;
  stats[1] = meanHigh;
  stats[2] = meanLow;
}
