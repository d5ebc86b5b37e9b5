// Sample synthetic rows from a tabgraa-studio ONNX export with onnxruntime, outside the studio.
//
//   node docs/onnx-example.mjs MODEL.onnx MODEL.json [ROWS] [TEMPERATURE] [SEED]
//
// MODEL.json is the sidecar written next to the model: the vocabulary and the row grammar.
// A row is [BOS], then every column as (forced name token, value tokens), then [EOS]; the columns
// come in the sidecar's `columnOrder`: 'table' (grammar.columns as listed) or 'random' (a fresh
// random order per row). Each value token is sampled from the model's next-token distribution
// restricted to the tokens legal at that slot, so every row decodes.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web'; // or 'onnxruntime-node': the same API

/** Small seeded PRNG (mulberry32) so a seed gives the same rows every time. */
function seededRandom(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function shuffled(items, random) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Draws one of `legal` token ids from softmax(logits / temperature) restricted to them. */
function sampleToken(logits, legal, temperature, random) {
  const scaled = legal.map((id) => logits[id] / temperature);
  const max = Math.max(...scaled);
  const weights = scaled.map((v) => Math.exp(v - max));
  let u = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < legal.length; i++) if ((u -= weights[i]) <= 0) return legal[i];
  return legal[legal.length - 1];
}

/** A column's value from its sampled tokens, using the sidecar's labels and the codec's column spec. */
function decodeValue(tokens, column, spec, vocab) {
  if (tokens[0] === column.naToken) return null;
  const labels = tokens.map((id) => vocab[id]);
  if (spec.kind === 'categorical') return labels[0];
  const negative = labels[0] === '-';
  const digits = labels[0] === '+' || negative ? labels.slice(1) : labels;
  const magnitude = Number(digits.join('')) / 10 ** spec.decimals;
  return Math.min(spec.max, Math.max(spec.min, negative ? -magnitude : magnitude));
}

/**
 * Samples `rows` rows in one batch. Each step runs the whole prefix (the exported graph has no
 * KV cache; rows are short) and reads the logits at the last position.
 * Returns [{ tokens, values: { column: value } }].
 */
export async function sampleRows(session, sidecar, { rows = 5, temperature = 1, seed = 1 } = {}) {
  const { grammar, vocab, config } = sidecar;
  const random = seededRandom(seed);
  // plans[r][t]: what goes at position t of row r: a forced token, or slot `slot` of `column`.
  const plans = Array.from({ length: rows }, () => [
    { forced: grammar.bos },
    ...(sidecar.columnOrder === 'table' ? grammar.columns : shuffled(grammar.columns, random)).flatMap((column) => [{ forced: column.nameToken }, ...column.valueSlots.map((legal, slot) => ({ legal, column, slot }))]),
    { forced: grammar.eos },
  ]);
  const length = plans[0].length;
  const tokens = plans.map(() => new Array(length).fill(0));
  for (let t = 0; t < length; t++) {
    let logits;
    if (plans.some((plan) => plan[t].legal)) {
      const ids = new ort.Tensor('int64', BigInt64Array.from(tokens.flatMap((row) => row.slice(0, t).map(BigInt))), [rows, t]);
      logits = (await session.run({ [sidecar.model.input]: ids }))[sidecar.model.output].data;
    }
    for (let r = 0; r < rows; r++) {
      const step = plans[r][t];
      if (step.forced !== undefined) tokens[r][t] = step.forced;
      // A missing value (NA drawn in the first slot) fills every slot of its column.
      else if (step.slot > 0 && tokens[r][t - step.slot] === step.column.naToken) tokens[r][t] = step.column.naToken;
      else {
        const at = (r * t + t - 1) * config.vocabSize; // logits at position t-1 predict token t
        tokens[r][t] = sampleToken(logits.subarray(at, at + config.vocabSize), step.legal, temperature, random);
      }
    }
  }
  return tokens.map((row, r) => {
    const values = {};
    plans[r].forEach((step, t) => {
      if (step.slot !== 0) return;
      const c = grammar.columns.indexOf(step.column);
      values[step.column.name] = decodeValue(row.slice(t, t + step.column.valueSlots.length), step.column, sidecar.codec.columns[c], vocab);
    });
    return { tokens: row, values };
  });
}

async function main([modelPath, sidecarPath, rows = '5', temperature = '1', seed = '1']) {
  if (!modelPath || !sidecarPath) throw new Error('usage: node onnx-example.mjs MODEL.onnx MODEL.json [ROWS] [TEMPERATURE] [SEED]');
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(await readFile(modelPath));
  const sidecar = JSON.parse(await readFile(sidecarPath, 'utf8'));
  for (const row of await sampleRows(session, sidecar, { rows: Number(rows), temperature: Number(temperature), seed: Number(seed) })) {
    console.log(JSON.stringify(row.values));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
