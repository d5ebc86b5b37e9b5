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

export async function runSuite(env: SuiteEnv, quick: boolean): Promise<SuiteResult> {
  const { rt, log } = env;
  const pending: Record<string, string> = {};
  const notes: string[] = [];
  const backends: Record<string, string> = {};
  const stepSeconds: Record<string, number[]> = {};
  const config = quick ? QUICK_CONFIG : BENCH_CONFIG;
  const batch = quick ? QUICK_BATCH : BENCH_BATCH;
  if (quick) notes.push(`--quick: training and sampling use toy models (${JSON.stringify(config)}, batch ${batch}); only the matmul numbers are at the real shapes.`);

  // 1. Matmul at the square sizes and every product of a training step, both kernels.
  log('matmul');
  const shapes = [...(quick ? SQUARE_SHAPES.slice(0, 1) : SQUARE_SHAPES), ...modelMatmulShapes(BENCH_CONFIG, BENCH_BATCH)];
  const matmul: MatmulResult[] = [];
  const kernels: MatmulKernel[] = runnableMatmuls(rt.ctx.features).map((name) => ({ name, create: MATMULS[name] }));
  for (const shape of shapes) {
    for (const kernel of kernels) {
      const r = await benchMatmul(rt, kernel, shape, quick ? { minSeconds: 0, minReps: 1 } : { minSeconds: 0.5, minReps: 3 });
      matmul.push(r);
      log(`  ${kernel.name.padEnd(7)} ${shape.name.padEnd(20)} ${r.gflops.toFixed(2)} GFLOP/s`);
    }
  }
  const matmulKernelGflops: Record<string, number | null> = {};
  for (const k of kernels) matmulKernelGflops[k.name] = stepWeightedGflops(matmul.filter((r) => r.kernel === k.name));
  const best = [...kernels].sort((a, b) => (matmulKernelGflops[b.name] ?? 0) - (matmulKernelGflops[a.name] ?? 0))[0].name;

  // 2. Training on the bench config: ours interleaved with each peer backend (ours, peer, ours, peer).
  const ours = createOurTrainer(rt, config, batch);
  notes.push(`our model picked the ${ours.matmul} matmul for this adapter; our step is awaited with onSubmittedWorkDone and reads the loss back every 10 steps, the peers read it every step.`);
  const peerTokensPerS: Partial<Record<PeerBackend, number | null>> = {};
  for (const backend of ['webgpu', 'wasm'] as const) {
    log(`training: ours vs tfjs-${backend}`);
    try {
      backends[`tfjs-${backend}`] = await env.useBackend(backend);
    } catch (error) {
      pending[`peer_tfjs_${backend}_tokens_per_s`] = `tfjs-${backend} could not run in ${env.source}: ${(error as Error).message}`;
      continue;
    }
    const peer = createPeerRunner(env.tf, config, batch);
    const contenders: Contender[] = [{ name: 'ours', once: () => ours.step() }, { name: `tfjs-${backend}`, once: () => peer.step() }];
    const times = await interleave(contenders, { warmup: 1, rounds: quick ? 1 : 3, minStepsPerRound: 1, minSecondsPerRound: quick ? 0 : 3 }, log);
    peer.dispose();
    for (const [name, seconds] of times) stepSeconds[name] = [...(stepSeconds[name] ?? []), ...seconds];
    peerTokensPerS[backend] = perSecond(peer.tokensPerStep, times.get(`tfjs-${backend}`));
  }
  const tokensPerStep = batch * config.contextLength;
  const trainTokensPerS = perSecond(tokensPerStep, stepSeconds.ours) ?? perSecond(tokensPerStep, (await timeRepeated(() => ours.step(), { warmup: 1, minReps: 3, minSeconds: 2 })).seconds);
  const trainGflops = trainTokensPerS === null ? null : (trainStepFlops(config, batch) * trainTokensPerS) / tokensPerStep / 1e9;
  const profileMs = rt.ctx.features.timestampQuery ? await ours.profileStep() : null;
  if (!profileMs) pending.profile = 'this adapter has no timestamp queries';
  if (quick) {
    pending.train_fraction_of_matmul = 'not meaningful for the --quick toy config';
    pending.sample_ratio_vs_tfjs_webgpu = '--quick: the peer samples 4 tokens a row, ours whole rows';
  }

  // 3. The demo table: training at its sequence length, sampling rows (ours: KV cache, constrained).
  log('demo table');
  const demoCsv = await env.demoCsv();
  const ingestEncode = await ingestEncodeRowsPerSecond(demoCsv);
  log(`ingest + schema + encode of the demo table: ${ingestEncode.toFixed(0)} rows/s`);
  const codec = await demoCodec(demoCsv);
  const demoConfig = configFromPreset(quick ? 'tiny' : 'small', codec.vocabSize, codec.seqLen);
  const sampleRows = quick ? 4 : SAMPLE_ROWS;
  const demoTrainer = createOurTrainer(rt, demoConfig, batch);
  const demoTiming = await timeRepeated(() => demoTrainer.step(), { warmup: 1, minReps: quick ? 1 : 3, minSeconds: quick ? 0 : 3 });
  const sampler = createOurSampler(rt, demoConfig, codec, sampleRows);
  const fullSampler = createOurSampler(rt, demoConfig, codec, sampleRows, 'full');
  const sampleContenders: Contender[] = [
    { name: 'ours sample', once: () => sampler.sample() },
    { name: 'ours sample (full recompute)', once: () => fullSampler.sample() },
  ];
  let peerSampler: ReturnType<typeof createPeerRunner> | undefined;
  if (backends['tfjs-webgpu']) {
    await env.useBackend('webgpu');
    peerSampler = createPeerRunner(env.tf, demoConfig, batch);
    // tfjs-webgpu compiles shaders for every new prefix length: --quick samples only 4 tokens a row.
    const peerRowTokens = quick ? 4 : codec.seqLen - 1;
    sampleContenders.push({ name: 'tfjs-webgpu sample', once: () => peerSampler!.sample(sampleRows, peerRowTokens) });
  } else {
    pending.peer_tfjs_webgpu_sample_rows_per_s = 'tfjs-webgpu could not run here';
  }
  log('sampling: ours vs tfjs-webgpu');
  // One timed round: the peer's generation loop takes minutes on a CPU adapter.
  const sampleTimes = await interleave(sampleContenders, { warmup: 1, rounds: 1, minStepsPerRound: 1, minSecondsPerRound: 0 }, log);
  peerSampler?.dispose();
  for (const [name, seconds] of sampleTimes) stepSeconds[name] = seconds;
  notes.push(
    `demo table: ${codec.columns.length} columns, vocabulary ${codec.vocabSize}, ${codec.seqLen} tokens a row; ` +
      `sampling ${sampleRows} rows per call from untrained weights at temperature 1. The peer samples the same model without a KV cache (tfjs has none) and without constraints.`,
  );

  // 4. Scale and fit (full runs only).
  const scale = quick ? [] : (log('scale'), await scaleSweep(rt, BENCH_CONFIG, BENCH_BATCH, log));
  if (quick) pending.scale = 'full runs only';

  const sampleRowsPerS = perSecond(sampleRows, sampleTimes.get('ours sample'));
  const peerSampleRowsPerS = perSecond(sampleRows, sampleTimes.get('tfjs-webgpu sample'));
  const metrics: Metrics = {
    train_tokens_per_s: trainTokensPerS,
    peer_tfjs_webgpu_tokens_per_s: peerTokensPerS.webgpu ?? null,
    ratio_vs_tfjs_webgpu: ratio(trainTokensPerS, peerTokensPerS.webgpu ?? null),
    peer_tfjs_wasm_tokens_per_s: peerTokensPerS.wasm ?? null,
    ratio_vs_tfjs_wasm: ratio(trainTokensPerS, peerTokensPerS.wasm ?? null),
    train_tokens_per_s_demo: perSecond(batch * demoConfig.contextLength, demoTiming.seconds),
    sample_rows_per_s: sampleRowsPerS,
    sample_rows_per_s_full_recompute: perSecond(sampleRows, sampleTimes.get('ours sample (full recompute)')),
    ingest_encode_rows_per_s: ingestEncode,
    peer_tfjs_webgpu_sample_rows_per_s: peerSampleRowsPerS,
    sample_ratio_vs_tfjs_webgpu: quick ? null : ratio(sampleRowsPerS, peerSampleRowsPerS),
    matmul_gflops: matmulKernelGflops[best],
    train_gflops: trainGflops,
    train_fraction_of_matmul: quick ? null : ratio(trainGflops, matmulKernelGflops[best]),
  };
  return {
    source: env.source,
    mode: quick ? 'quick' : 'full',
    adapter: { name: rt.ctx.adapterName, features: { ...rt.ctx.features } },
    config,
    batch,
    demo: { config: demoConfig, batch, sampleRows },
    metrics,
    matmulKernelGflops,
    bestMatmulKernel: best,
    ourMatmulKernel: ours.matmul,
    matmul,
    stepSeconds,
    backends,
    profileMs,
    scale,
    fits: largestFits(BENCH_CONFIG, rt.device.limits),
    pending,
    notes,
  };
}
