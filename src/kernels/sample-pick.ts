import { type Dispatch, workgroupCount } from './dispatch';
import { positionUniforms } from './kv-position-uniforms';
import { bindAll } from './pipeline-cache';
import { preludePipeline, THREADS } from './prelude';
import type { GpuRuntime } from './runtime';
import samplePickWgsl from './sample-pick.wgsl?raw';
import { uniformLayout } from './uniform-layout';

/**
 * u32 words of one plan slot (struct Slot in sample-pick.wgsl): forced, lo, hi, naFrom, naToken,
 * digitFrom, minusToken, bounds.
 */
export const SLOT_WORDS = 8;
/** "No such token / position" in a plan slot. */
export const NONE = 0xffffffff;

/** Per batch: written before its submit. */
export interface PickCall {
  seed: number;
  /** Global index of the batch's first row: the random stream of a row does not depend on the batch size. */
  rowBase: number;
  temperature: number;
  /** 0: no top-k. */
  topK: number;
  /** Rows of this batch to draw (the rest of the batch is left alone). */
  rows: number;
}

/** Call in sample-pick.wgsl. */
export const PICK_CALL_UNIFORM = uniformLayout<PickCall>([
  ['seed', 'u32'],
  ['rowBase', 'u32'],
  ['temperature', 'f32'],
  ['topK', 'u32'],
  ['rows', 'u32'],
]);

/** Per picked position: which token is picked and where its logits row is. */
interface PickStep {
  pos: number;
  seqLen: number;
  logitsOffset: number;
  logitsRowStride: number;
}

/** Step in sample-pick.wgsl. */
export const PICK_STEP_UNIFORM = uniformLayout<PickStep>([
  ['pos', 'u32'],
  ['seqLen', 'u32'],
  ['logitsOffset', 'u32'],
  ['logitsRowStride', 'u32'],
]);

export interface PickSpec {
  batch: number;
  seqLen: number;
  /** A uniform of PICK_CALL_UNIFORM.bytes, written with writePickCall. */
  call: GPUBuffer;
  /** batch·seqLen slots of SLOT_WORDS u32. */
  plan: GPUBuffer;
  /** batch·seqLen token ids; forced tokens are already in place. */
  tokens: GPUBuffer;
  logits: GPUBuffer;
  /** Where the logits row predicting position pos of batch row b starts: offset + b·rowStride (floats). */
  logitsAt(pos: number): { offset: number; rowStride: number };
}

/** One dispatch per picked position, one invocation per row: result[pos - 1] writes token pos (pos = 1..seqLen-1). */
export function createPickDispatches(rt: GpuRuntime, spec: PickSpec): Dispatch[] {
  const pipeline = preludePipeline(rt, samplePickWgsl);
  const steps = positionUniforms(rt, 'sample pick steps', spec.seqLen, (pos) => {
    const { offset, rowStride } = spec.logitsAt(pos);
    return [...new Uint32Array(PICK_STEP_UNIFORM.pack({ pos, seqLen: spec.seqLen, logitsOffset: offset, logitsRowStride: rowStride }))];
  });
  const dispatches: Dispatch[] = [];
  for (let pos = 1; pos < spec.seqLen; pos++) {
    const label = `sample pick ${pos}`;
    const bindGroup = bindAll(rt.device, pipeline, [spec.call, steps[pos], spec.plan, spec.logits, spec.tokens], label);
    dispatches.push({ label, pipeline, bindGroup, workgroups: [workgroupCount(spec.batch, THREADS), 1, 1] });
  }
  return dispatches;
}

export function writePickCall(device: GPUDevice, buffer: GPUBuffer, call: PickCall): void {
  device.queue.writeBuffer(buffer, 0, PICK_CALL_UNIFORM.pack(call));
}
