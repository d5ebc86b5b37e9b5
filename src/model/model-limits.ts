import type { GptConfig } from './config';
import { buildParamLayout } from './param-layout';

export interface BufferNeed {
  what: string;
  bytes: number;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * Throws, before anything is allocated, when a buffer the engine needs exceeds what this adapter can
 * bind, naming the buffer and what to shrink.
 */
export function assertBuffersFit(limits: GPUSupportedLimits, needs: BufferNeed[], advice: string): void {
  const cap = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const tooBig = needs.filter((n) => n.bytes > cap);
  if (tooBig.length === 0) return;
  const list = tooBig.map((n) => `${n.what} needs ${mib(n.bytes)}`).join('; ');
  throw new RangeError(`This GPU binds at most ${mib(cap)} per buffer, but ${list}. ${advice}`);
}

/** Bytes of one flat parameter-sized buffer (params, grads, Adam m and v each). */
export function parameterBytes(config: GptConfig): number {
  return buildParamLayout(config).totalFloats * 4;
}

export function assertModelFits(config: GptConfig, limits: GPUSupportedLimits): void {
  assertBuffersFit(
    limits,
    [{ what: 'the flat parameter buffer', bytes: parameterBytes(config) }],
    'Use a smaller model preset (fewer layers or a smaller dModel) or a smaller vocabulary.',
  );
}

/** The largest activations of a batch plan: logits (and their gradient), attention probabilities, MLP rows. */
export function assertPlanFits(config: GptConfig, batch: number, seqLen: number, limits: GPUSupportedLimits): void {
  const rows = batch * seqLen;
  assertBuffersFit(
    limits,
    [
      { what: `the logits (${rows} positions × vocabulary ${config.vocabSize})`, bytes: rows * config.vocabSize * 4 },
      { what: `the attention probabilities (batch ${batch} × ${config.heads} heads × ${seqLen}²)`, bytes: batch * config.heads * seqLen * seqLen * 4 },
      { what: `the MLP activations (${rows} positions × ${4 * config.dModel})`, bytes: rows * 4 * config.dModel * 4 },
    ],
    'Use a smaller batch, fewer columns per row (shorter sequences) or a smaller model preset.',
  );
}
