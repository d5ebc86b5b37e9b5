import type * as tfc from '@tensorflow/tfjs';
import { MATMULS, runnableMatmuls } from '../src/kernels/matmul-variants';
import type { GpuRuntime } from '../src/kernels/runtime';
import { configFromPreset, type GptConfig } from '../src/model/config';
import { demoCodec, ingestEncodeRowsPerSecond } from './demo-codec';
import { type Contender, interleave } from './interleave';
import { benchMatmul, type MatmulKernel, type MatmulResult, stepWeightedGflops } from './matmul-bench';
import { createPeerRunner, type PeerBackend } from './peer/peer-bench';
import { createOurSampler } from './sample-bench';
import { type FitResult, largestFits, type ScalePoint, scaleSweep } from './scale-bench';
import { BENCH_BATCH, BENCH_CONFIG, modelMatmulShapes, SQUARE_SHAPES, trainStepFlops } from './shapes';
import { median, timeRepeated } from './timing';
import { createOurTrainer } from './train-bench';

export type Source = 'node' | 'browser';

/** What differs between Node (Dawn) and the browser page. */
export interface SuiteEnv {
  source: Source;
  rt: GpuRuntime;
  tf: typeof tfc;
  /** Switches tfjs to a backend; resolves with how it runs, rejects where it cannot. */
  useBackend(name: PeerBackend): Promise<string>;
  /** The demo table's CSV text (public/adult.csv). */
  demoCsv(): Promise<string>;
  log(line: string): void;
}

/** The headline numbers of issue 10 (null where not measured; `pending` says why). */
export interface Metrics {
  train_tokens_per_s: number | null;
  peer_tfjs_webgpu_tokens_per_s: number | null;
  ratio_vs_tfjs_webgpu: number | null;
  peer_tfjs_wasm_tokens_per_s: number | null;
  ratio_vs_tfjs_wasm: number | null;
  train_tokens_per_s_demo: number | null;
  sample_rows_per_s: number | null;
  sample_rows_per_s_full_recompute: number | null;
  ingest_encode_rows_per_s: number | null;
  peer_tfjs_webgpu_sample_rows_per_s: number | null;
  sample_ratio_vs_tfjs_webgpu: number | null;
  matmul_gflops: number | null;
  train_gflops: number | null;
  train_fraction_of_matmul: number | null;
}

export interface SuiteResult {
  source: Source;
  mode: 'quick' | 'full';
  adapter: { name: string; features: Record<string, boolean> };
  config: GptConfig;
  batch: number;
  demo: { config: GptConfig; batch: number; sampleRows: number };
  metrics: Metrics;
  matmulKernelGflops: Record<string, number | null>;
  bestMatmulKernel: string | null;
  ourMatmulKernel: string;
  matmul: MatmulResult[];
  stepSeconds: Record<string, number[]>;
  backends: Record<string, string>;
  profileMs: Record<string, number> | null;
  scale: ScalePoint[];
  fits: FitResult[];
  pending: Record<string, string>;
  notes: string[];
}

/** --quick: a smoke run of the same code paths on a model small enough to finish in seconds. */
const QUICK_CONFIG: GptConfig = { vocabSize: 512, contextLength: 16, layers: 1, heads: 2, dModel: 32 };
const QUICK_BATCH = 4;
/** Demo-table rows sampled per call (ours: one submit and one readback; the peer: one readback per token). */
const SAMPLE_ROWS = 16;

const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? a / b : null);
const perSecond = (amount: number, seconds: number[] | undefined) => (seconds?.length ? amount / median(seconds) : null);

/** What the steps fill in as they go: per-contender step times, peer backends, and why a number is missing. */
interface SuiteLog {
  pending: Record<string, string>;
  notes: string[];
  backends: Record<string, string>;
  stepSeconds: Record<string, number[]>;
}

export async function runSuite(env: SuiteEnv, quick: boolean): Promise<SuiteResult> {
  const { rt } = env;
  const record: SuiteLog = { pending: {}, notes: [], backends: {}, stepSeconds: {} };
  const config = quick ? QUICK_CONFIG : BENCH_CONFIG;
  const batch = quick ? QUICK_BATCH : BENCH_BATCH;
  if (quick)
    record.notes.push(
      `--quick: training and sampling use toy models (${JSON.stringify(config)}, batch ${batch}); only the matmul numbers are at the real shapes.`,
    );

  const matmul = await benchMatmuls(env, quick);
  const training = await benchTraining(env, record, config, batch, quick);
  const demo = await benchDemoTable(env, record, batch, quick);
  const scale = await benchScale(env, record, quick);

  const { pending, notes, backends, stepSeconds } = record;
  const bestGflops = matmul.kernelGflops[matmul.best];
  const sampleRowsPerS = perSecond(demo.sampleRows, demo.sampleTimes.get('ours sample'));
  const peerSampleRowsPerS = perSecond(demo.sampleRows, demo.sampleTimes.get('tfjs-webgpu sample'));
  const metrics: Metrics = {
    train_tokens_per_s: training.tokensPerS,
    peer_tfjs_webgpu_tokens_per_s: training.peerTokensPerS.webgpu ?? null,
    ratio_vs_tfjs_webgpu: ratio(training.tokensPerS, training.peerTokensPerS.webgpu ?? null),
    peer_tfjs_wasm_tokens_per_s: training.peerTokensPerS.wasm ?? null,
    ratio_vs_tfjs_wasm: ratio(training.tokensPerS, training.peerTokensPerS.wasm ?? null),
    train_tokens_per_s_demo: perSecond(batch * demo.config.contextLength, demo.trainSeconds),
    sample_rows_per_s: sampleRowsPerS,
    sample_rows_per_s_full_recompute: perSecond(demo.sampleRows, demo.sampleTimes.get('ours sample (full recompute)')),
    ingest_encode_rows_per_s: demo.ingestEncodeRowsPerS,
    peer_tfjs_webgpu_sample_rows_per_s: peerSampleRowsPerS,
    sample_ratio_vs_tfjs_webgpu: quick ? null : ratio(sampleRowsPerS, peerSampleRowsPerS),
    matmul_gflops: bestGflops,
    train_gflops: training.gflops,
    train_fraction_of_matmul: quick ? null : ratio(training.gflops, bestGflops),
  };
  return {
    source: env.source,
    mode: quick ? 'quick' : 'full',
    adapter: { name: rt.ctx.adapterName, features: { ...rt.ctx.features } },
    config,
    batch,
    demo: { config: demo.config, batch, sampleRows: demo.sampleRows },
    metrics,
    matmulKernelGflops: matmul.kernelGflops,
    bestMatmulKernel: matmul.best,
    ourMatmulKernel: training.ourMatmul,
    matmul: matmul.results,
    stepSeconds,
    backends,
    profileMs: training.profileMs,
    scale,
    fits: largestFits(BENCH_CONFIG, rt.device.limits),
    pending,
    notes,
  };
}

/** 1. Matmul at the square sizes and every product of a training step, each kernel this adapter runs. */
async function benchMatmuls({ rt, log }: SuiteEnv, quick: boolean) {
  log('matmul');
  const shapes = [...(quick ? SQUARE_SHAPES.slice(0, 1) : SQUARE_SHAPES), ...modelMatmulShapes(BENCH_CONFIG, BENCH_BATCH)];
  const results: MatmulResult[] = [];
  const kernels: MatmulKernel[] = runnableMatmuls(rt.ctx.features).map((name) => ({ name, create: MATMULS[name] }));
  for (const shape of shapes) {
    for (const kernel of kernels) {
      const r = await benchMatmul(rt, kernel, shape, quick ? { minSeconds: 0, minReps: 1 } : { minSeconds: 0.5, minReps: 3 });
      results.push(r);
      log(`  ${kernel.name.padEnd(7)} ${shape.name.padEnd(20)} ${r.gflops.toFixed(2)} GFLOP/s`);
    }
  }
  const kernelGflops: Record<string, number | null> = {};
  for (const k of kernels) kernelGflops[k.name] = stepWeightedGflops(results.filter((r) => r.kernel === k.name));
  const best = [...kernels].sort((a, b) => (kernelGflops[b.name] ?? 0) - (kernelGflops[a.name] ?? 0))[0].name;
  return { results, kernelGflops, best };
}

/** 2. Training on the bench config: ours interleaved with each peer backend (ours, peer, ours, peer). */
async function benchTraining(env: SuiteEnv, record: SuiteLog, config: GptConfig, batch: number, quick: boolean) {
  const { rt, log } = env;
  const { pending, stepSeconds } = record;
  const ours = createOurTrainer(rt, config, batch);
  record.notes.push(
    `our model picked the ${ours.matmul} matmul for this adapter; our step is awaited with onSubmittedWorkDone and reads the loss back every 10 steps, the peers read it every step.`,
  );
  const peerTokensPerS: Partial<Record<PeerBackend, number | null>> = {};
  for (const backend of ['webgpu', 'wasm'] as const) {
    log(`training: ours vs tfjs-${backend}`);
    try {
      record.backends[`tfjs-${backend}`] = await env.useBackend(backend);
    } catch (error) {
      pending[`peer_tfjs_${backend}_tokens_per_s`] = `tfjs-${backend} could not run in ${env.source}: ${(error as Error).message}`;
      continue;
    }
    const peer = createPeerRunner(env.tf, config, batch);
    const contenders: Contender[] = [
      { name: 'ours', once: () => ours.step() },
      { name: `tfjs-${backend}`, once: () => peer.step() },
    ];
    const times = await interleave(contenders, { warmup: 1, rounds: quick ? 1 : 3, minStepsPerRound: 1, minSecondsPerRound: quick ? 0 : 3 }, log);
    peer.dispose();
    for (const [name, seconds] of times) stepSeconds[name] = [...(stepSeconds[name] ?? []), ...seconds];
    peerTokensPerS[backend] = perSecond(peer.tokensPerStep, times.get(`tfjs-${backend}`));
  }
  const tokensPerStep = batch * config.contextLength;
  const tokensPerS =
    perSecond(tokensPerStep, stepSeconds.ours) ??
    perSecond(tokensPerStep, (await timeRepeated(() => ours.step(), { warmup: 1, minReps: 3, minSeconds: 2 })).seconds);
  const gflops = tokensPerS === null ? null : (trainStepFlops(config, batch) * tokensPerS) / tokensPerStep / 1e9;
  const profileMs = rt.ctx.features.timestampQuery ? await ours.profileStep() : null;
  if (!profileMs) pending.profile = 'this adapter has no timestamp queries';
  if (quick) {
    pending.train_fraction_of_matmul = 'not meaningful for the --quick toy config';
    pending.sample_ratio_vs_tfjs_webgpu = '--quick: the peer samples 4 tokens a row, ours whole rows';
  }
  return { ourMatmul: ours.matmul, peerTokensPerS, tokensPerS, gflops, profileMs };
}

/** 3. The demo table: ingest and encode, training at its sequence length, sampling rows (ours: KV cache, constrained). */
async function benchDemoTable(env: SuiteEnv, record: SuiteLog, batch: number, quick: boolean) {
  const { rt, log } = env;
  log('demo table');
  const demoCsv = await env.demoCsv();
  const ingestEncodeRowsPerS = await ingestEncodeRowsPerSecond(demoCsv);
  log(`ingest + schema + encode of the demo table: ${ingestEncodeRowsPerS.toFixed(0)} rows/s`);
  const codec = await demoCodec(demoCsv);
  const config = configFromPreset(quick ? 'tiny' : 'small', codec.vocabSize, codec.seqLen);
  const sampleRows = quick ? 4 : SAMPLE_ROWS;
  const demoTrainer = createOurTrainer(rt, config, batch);
  const trainSeconds = (await timeRepeated(() => demoTrainer.step(), { warmup: 1, minReps: quick ? 1 : 3, minSeconds: quick ? 0 : 3 })).seconds;
  const sampler = createOurSampler(rt, config, codec, sampleRows);
  const fullSampler = createOurSampler(rt, config, codec, sampleRows, 'full');
  const sampleContenders: Contender[] = [
    { name: 'ours sample', once: () => sampler.sample() },
    { name: 'ours sample (full recompute)', once: () => fullSampler.sample() },
  ];
  let peerSampler: ReturnType<typeof createPeerRunner> | undefined;
  if (record.backends['tfjs-webgpu']) {
    await env.useBackend('webgpu');
    const peer = createPeerRunner(env.tf, config, batch);
    peerSampler = peer;
    // tfjs-webgpu compiles shaders for every new prefix length: --quick samples only 4 tokens a row.
    const peerRowTokens = quick ? 4 : codec.seqLen - 1;
    sampleContenders.push({ name: 'tfjs-webgpu sample', once: () => peer.sample(sampleRows, peerRowTokens) });
  } else {
    record.pending.peer_tfjs_webgpu_sample_rows_per_s = 'tfjs-webgpu could not run here';
  }
  log('sampling: ours vs tfjs-webgpu');
  // One timed round: the peer's generation loop takes minutes on a CPU adapter.
  const sampleTimes = await interleave(sampleContenders, { warmup: 1, rounds: 1, minStepsPerRound: 1, minSecondsPerRound: 0 }, log);
  peerSampler?.dispose();
  for (const [name, seconds] of sampleTimes) record.stepSeconds[name] = seconds;
  record.notes.push(
    `demo table: ${codec.columns.length} columns, vocabulary ${codec.vocabSize}, ${codec.seqLen} tokens a row; ` +
      `sampling ${sampleRows} rows per call from untrained weights at temperature 1. The peer samples the same model without a KV cache (tfjs has none) and without constraints.`,
  );
  return { config, ingestEncodeRowsPerS, trainSeconds, sampleRows, sampleTimes };
}

/** 4. Scale and fit (full runs only). */
async function benchScale({ rt, log }: SuiteEnv, record: SuiteLog, quick: boolean): Promise<ScalePoint[]> {
  if (quick) {
    record.pending.scale = 'full runs only';
    return [];
  }
  log('scale');
  return scaleSweep(rt, BENCH_CONFIG, BENCH_BATCH, log);
}
