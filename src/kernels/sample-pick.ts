import { type Dispatch, workgroupCount } from './dispatch';
import { positionUniforms } from './kv-position-uniforms';
import { bindAll } from './pipeline-cache';
import type { GpuRuntime } from './runtime';
import samplePickWgsl from './sample-pick.wgsl?raw';

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

export interface PickSpec {
  batch: number;
  seqLen: number;
  /** 32-byte uniform written with writePickCall. */
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
  const pipeline = rt.pipelines.get(samplePickWgsl);
  const steps = positionUniforms(rt, 'sample pick steps', spec.seqLen, (pos) => {
    const { offset, rowStride } = spec.logitsAt(pos);
    return [pos, spec.seqLen, offset, rowStride];
  });
  const dispatches: Dispatch[] = [];
  for (let pos = 1; pos < spec.seqLen; pos++) {
    const label = `sample pick ${pos}`;
    const bindGroup = bindAll(rt.device, pipeline, [
      spec.call,
      steps[pos],
      spec.plan,
      spec.logits,
      spec.tokens,
    ], label);
    dispatches.push({ label, pipeline, bindGroup, workgroups: [workgroupCount(spec.batch, 64), 1, 1] });
  }
  return dispatches;
}

export function writePickCall(device: GPUDevice, buffer: GPUBuffer, call: PickCall): void {
  const data = new ArrayBuffer(32);
  new Uint32Array(data, 0, 2).set([call.seed >>> 0, call.rowBase >>> 0]);
  new Float32Array(data, 8, 1)[0] = call.temperature;
  new Uint32Array(data, 12, 2).set([call.topK >>> 0, call.rows >>> 0]);
  device.queue.writeBuffer(buffer, 0, data);
}
