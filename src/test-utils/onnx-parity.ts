/**
 * The ONNX parity check, shared by the Node test (onnxruntime-web wasm, Dawn) and the browser page
 * e2e/onnx-page/onnx-check.ts (onnxruntime-web WebGPU, Chromium): the exported model's logits against our
 * WGSL forward and the float64 reference, on encoded demo rows and random (non-trivial) weights.
 */
import type * as Ort from 'onnxruntime-web';
import { applySchema } from '../data/apply-schema';
import { ingestCsvText } from '../data/csv-ingest';
import { createRng } from '../data/rng';
import { RowCodec } from '../data/row-codec';
import { inferSchema } from '../data/schema-infer';
import { withErrorScope } from '../kernels/error-scope';
import { readFloats } from '../kernels/readback';
import type { GpuRuntime } from '../kernels/runtime';
import { createBatchPlan } from '../model/batch-plan';
import type { GptConfig } from '../model/config';
import { GptModel } from '../model/gpt-model';
import { runOnnxLogits } from '../model/onnx/onnx-run';
import { compareLogits, f32ForwardTolerance } from '../model/onnx/onnx-verify';
import { buildParamLayout } from '../model/param-layout';
import { referenceForward } from '../model/reference-gpt';

/**
 * Random parameters far from the trivial regime: LayerNorm gains 1 ± 0.5, biases ±0.2, matrices
 * ±2/√fan-in, embeddings ±1, so logits spread over several units and attention is far from uniform.
 */
export function randomGptParams(config: GptConfig, seed: number): Float32Array {
  const layout = buildParamLayout(config);
  const params = new Float32Array(layout.totalFloats);
  const random = createRng(seed);
  for (const t of layout.tensors) {
    const isGain = /ln_[12f]\.weight$/.test(t.name);
    const scale = t.name === 'wte.weight' || t.name === 'wpe.weight' ? 1 : t.shape.length === 2 ? 2 / Math.sqrt(t.shape[0]) : 0.2;
    for (let j = 0; j < t.size; j++) params[t.offset + j] = (isGain ? 1 : 0) + (isGain ? 0.5 : scale) * (2 * random() - 1);
  }
  return params;
}

/** The first `rows` rows of a CSV (schema inferred from its first 300 lines), encoded by the row codec. */
export async function encodeDemoRows(csv: string, rows: number, seed: number): Promise<{ codec: RowCodec; tokens: Uint32Array<ArrayBuffer>; seqLen: number }> {
  const { raw } = await ingestCsvText(csv.split('\n').slice(0, 300).join('\n'));
  const { schema } = inferSchema(raw);
  const codec = RowCodec.fromSchema(schema);
  const tokens = new Uint32Array(
    codec.encodeRows(
      applySchema(raw, schema),
      createRng(seed),
      Array.from({ length: rows }, (_, r) => r),
    ),
  );
  return { codec, tokens, seqLen: codec.seqLen };
}

/** Logits [batch·seqLen, vocab] of our WGSL forward. */
export async function wgslLogits(
  rt: GpuRuntime,
  config: GptConfig,
  params: Float32Array,
  tokens: Uint32Array<ArrayBuffer>,
  batch: number,
  seqLen: number,
): Promise<Float32Array> {
  const model = GptModel.create(rt, config);
  model.uploadParams(params);
  const plan = createBatchPlan(model, { batch, seqLen, valueTokenStart: 0, backward: false });
  rt.device.queue.writeBuffer(plan.tokens, 0, tokens);
  return withErrorScope(rt.device, async () => {
    rt.recorder.submit(plan.forward);
    return readFloats(rt.device, plan.logits, 0, batch * seqLen * config.vocabSize);
  });
}

export interface ParityReport {
  rows: number;
  seqLen: number;
  vocabSize: number;
  maxAbsLogit: number;
  onnxVsWgsl: number;
  onnxVsReference: number;
  wgslVsReference: number;
  /** n·u·max|logit| (f32ForwardTolerance): the bound for each f32 forward against float64. */
  perForwardTolerance: number;
  ok: boolean;
}

/** Runs all three forwards on the same rows and weights and compares them. */
export async function checkOnnxParity(args: {
  ort: typeof Ort;
  session: Ort.InferenceSession;
  rt: GpuRuntime;
  config: GptConfig;
  params: Float32Array;
  tokens: Uint32Array<ArrayBuffer>;
  batch: number;
  seqLen: number;
}): Promise<ParityReport> {
  const { ort, session, rt, config, params, tokens, batch, seqLen } = args;
  const onnx = await runOnnxLogits(ort, session, tokens, batch, seqLen);
  const wgsl = await wgslLogits(rt, config, params, tokens, batch, seqLen);
  const reference = referenceForward(config, params, tokens, batch, seqLen).logits;
  const onnxVsReference = compareLogits(onnx, reference);
  const wgslVsReference = compareLogits(wgsl, reference).maxAbsDiff;
  const onnxVsWgsl = compareLogits(onnx, wgsl).maxAbsDiff;
  const perForwardTolerance = f32ForwardTolerance(config.dModel, onnxVsReference.maxAbsLogit);
  return {
    rows: batch,
    seqLen,
    vocabSize: config.vocabSize,
    maxAbsLogit: onnxVsReference.maxAbsLogit,
    onnxVsWgsl,
    onnxVsReference: onnxVsReference.maxAbsDiff,
    wgslVsReference,
    perForwardTolerance,
    // Each forward within the bound of float64, so ONNX and WGSL within twice it of each other.
    ok: onnxVsReference.maxAbsDiff < perForwardTolerance && wgslVsReference < perForwardTolerance && onnxVsWgsl < 2 * perForwardTolerance,
  };
}

export function formatParity(r: ParityReport, backend: string): string {
  return (
    `ONNX (${backend}) vs WGSL forward, ${r.rows} demo rows x ${r.seqLen} tokens, vocab ${r.vocabSize}: max |logit diff| ${r.onnxVsWgsl.toExponential(2)} ` +
    `(ONNX vs float64 ${r.onnxVsReference.toExponential(2)}, WGSL vs float64 ${r.wgslVsReference.toExponential(2)}, ` +
    `max |logit| ${r.maxAbsLogit.toFixed(2)}, bound per forward ${r.perForwardTolerance.toExponential(2)})`
  );
}
