/** One recorded compute dispatch: everything is created ahead of time and replayed each step. */
export interface Dispatch {
  label: string;
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: readonly [number, number, number];
}

/** A buffer-to-buffer copy recorded into a step (e.g. the loss into a staging buffer). */
export interface Copy {
  label: string;
  source: GPUBuffer;
  sourceOffset: number;
  destination: GPUBuffer;
  destinationOffset: number;
  size: number;
}

export type StepOp = Dispatch | Copy;

export function isCopy(op: StepOp): op is Copy {
  return 'destination' in op;
}

export function workgroupCount(items: number, perGroup: number): number {
  return Math.max(1, Math.ceil(items / perGroup));
}
