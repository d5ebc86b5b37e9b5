import type { StepOp } from '../../kernels/dispatch';
import type { GpuRuntime } from '../../kernels/runtime';
import { createPickDispatches, PICK_CALL_UNIFORM, SLOT_WORDS, writePickCall } from '../../kernels/sample-pick';
import { buildSamplerPlan, type FixedColumns, type FixedOfRow, type PlanCodec } from './sampler-plan';
import type { Where, WhereResolver } from './sampler-where';

export interface SampleOptions {
  seed: number;
  /** 0: greedy. */
  temperature: number;
  /** Keep only the k most likely legal tokens; 0 or absent: all. */
  topK?: number;
  /** Conditional sampling: these columns are fixed to these values (encoded by the codec, forced first). */
  where?: Where;
  /**
   * Per row r (0..rows-1): more columns fixed for that row only, forced first like `where` (a column
   * may not be in both). A row's missing cells are simply not listed.
   */
  rowWhere?: ReadonlyArray<Where>;
}

export interface Sampler {
  readonly batch: number;
  /** rows × seqLen token ids; row r depends only on (seed, r) and the model, not on the batch size. */
  sample(rows: number, opts: SampleOptions): Promise<Uint32Array>;
}

/**
 * How a sampler computes the logits of its batch rows. A position's `always` ops run for every
 * position (a KV cache must see every token); its `head` ops, which leave in `logits` the rows that
 * predict position pos + 1, run only when some row draws that token.
 */
export interface SamplerForward {
  /** u32 [batch·seqLen], row-major: what the forward reads and the picks write. */
  tokens: GPUBuffer;
  always(pos: number): StepOp[];
  head(pos: number): StepOp[];
  logits: GPUBuffer;
  /** Where the logits predicting token pos of batch row b start: offset + b·rowStride (floats). */
  logitsAt(pos: number): { offset: number; rowStride: number };
}

export interface SamplerCoreSpec {
  rt: GpuRuntime;
  codec: PlanCodec;
  batch: number;
  /** Resolves conditions into the fixed columns' value tokens (throws a clear Error on bad input). */
  resolveWhere: WhereResolver;
  forward: SamplerForward;
}

/**
 * The batch loop shared by the KV-cache and the full-recompute sampler: per batch ONE upload of the
 * plan, ONE submit of every position's dispatches, ONE readback of the tokens.
 */
export function createSamplerCore(spec: SamplerCoreSpec): Sampler {
  const { rt, codec, batch, forward } = spec;
  const { tokens } = forward;
  const S = codec.seqLen;
  const plan = rt.arena.storage('sampler plan', batch * S * SLOT_WORDS * 4);
  const call = rt.arena.uniform('sampler call', new Uint8Array(PICK_CALL_UNIFORM.bytes));
  const staging = rt.arena.staging('sampler tokens readback', batch * S * 4);
  const picks = createPickDispatches(rt, { batch, seqLen: S, call, plan, tokens, logits: forward.logits, logitsAt: forward.logitsAt });

  async function sampleBatch(rowBase: number, rows: number, fixedOf: FixedOfRow, opts: SampleOptions): Promise<Uint32Array> {
    const samplerPlan = buildSamplerPlan(codec, fixedOf, opts.seed, rowBase, rows);
    rt.device.queue.writeBuffer(tokens, 0, samplerPlan.tokens);
    rt.device.queue.writeBuffer(plan, 0, samplerPlan.slots);
    writePickCall(rt.device, call, { seed: opts.seed, rowBase, temperature: opts.temperature, topK: opts.topK ?? 0, rows });
    const ops: StepOp[] = [];
    // Nothing after the last drawn token needs a forward (the rest, EOS included, is forced).
    for (let pos = 0; pos < samplerPlan.drawn.lastIndexOf(true); pos++) {
      ops.push(...forward.always(pos));
      if (samplerPlan.drawn[pos + 1]) ops.push(...forward.head(pos), picks[pos]);
    }
    ops.push({ label: 'sampler readback', source: tokens, sourceOffset: 0, destination: staging, destinationOffset: 0, size: rows * S * 4 });
    rt.recorder.submit(ops);
    await staging.mapAsync(GPUMapMode.READ, 0, rows * S * 4);
    const out = new Uint32Array(staging.getMappedRange(0, rows * S * 4).slice(0));
    staging.unmap();
    return out;
  }

  async function sampleRows(rows: number, opts: SampleOptions): Promise<Uint32Array> {
    validateOptions(rows, opts);
    const fixedOf = resolveFixedColumns(spec.resolveWhere, rows, opts);
    const out = new Uint32Array(rows * S);
    for (let rowBase = 0; rowBase < rows; rowBase += batch) {
      const n = Math.min(batch, rows - rowBase);
      out.set(await sampleBatch(rowBase, n, fixedOf, opts), rowBase * S);
    }
    return out;
  }

  // The buffers are shared by every call: overlapping calls run one after the other.
  let previous: Promise<unknown> = Promise.resolve();
  return {
    batch,
    sample(rows, opts) {
      const result = previous.then(() => sampleRows(rows, opts));
      previous = result.catch(() => undefined);
      return result;
    },
  };
}

/** Every row's fixed columns: `where` plus the row's `rowWhere` entry, resolved (and checked) before any GPU work. */
function resolveFixedColumns(resolve: WhereResolver, rows: number, opts: SampleOptions): FixedOfRow {
  const where = opts.where ?? {};
  const shared = resolve(where);
  const { rowWhere } = opts;
  if (rowWhere === undefined) return () => shared;
  if (!Array.isArray(rowWhere) || rowWhere.length !== rows) {
    throw new Error(`rowWhere must list one entry per sampled row (${rows}), got ${Array.isArray(rowWhere) ? rowWhere.length : typeof rowWhere}.`);
  }
  const perRow: FixedColumns[] = rowWhere.map((extra, r) => {
    if (typeof extra !== 'object' || extra === null)
      throw new Error(`rowWhere[${r}] must be an object of column → value, got ${extra === null ? 'null' : typeof extra}.`);
    const names = Object.keys(extra);
    if (names.length === 0) return shared;
    const both = names.find((name) => Object.hasOwn(where, name));
    if (both !== undefined)
      throw new Error(`rowWhere[${r}] fixes "${both}", which \`where\` already fixes for every row: give each column in one of them only.`);
    try {
      return resolve({ ...where, ...extra });
    } catch (error) {
      throw new Error(`rowWhere[${r}]: ${(error as Error).message}`);
    }
  });
  return (row) => perRow[row];
}

function validateOptions(rows: number, opts: SampleOptions): void {
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`Number of rows to sample must be a non-negative integer, got ${rows}.`);
  if (!Number.isInteger(opts.seed)) throw new Error(`Sampling seed must be an integer, got ${opts.seed}.`);
  if (!Number.isFinite(opts.temperature) || opts.temperature < 0) {
    throw new Error(`Sampling temperature must be a finite number >= 0 (0 = greedy), got ${opts.temperature}.`);
  }
  const topK = opts.topK ?? 0;
  if (!Number.isInteger(topK) || topK < 0) throw new Error(`top-k must be a non-negative integer (0 = off), got ${topK}.`);
}
