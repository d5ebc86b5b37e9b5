import type { Dispatch } from './dispatch';
import { bindAll, type PipelineConstants } from './pipeline-cache';
import { preludePipeline, THREADS } from './prelude';
import type { GpuRuntime } from './runtime';

export type Binding = GPUBuffer | GPUBufferBinding;

export interface KernelSpec {
  /** The kernel's WGSL, which may use THREADS and flat_index from prelude.wgsl (preludePipeline prepends it). */
  code: string;
  entryPoint: string;
  label: string;
  /** The kernel's uniform at binding 0: its words (a buffer is made), or a buffer the caller rewrites. */
  uniform?: ArrayBufferView | GPUBuffer;
  /** Storage bindings in order, after the uniform when there is one. */
  bindings: Binding[];
  /** Invocations wanted (one per item); spread over a 2-D grid when it exceeds one dimension. */
  items: number;
  constants?: PipelineConstants;
}

/** Builds a one-dimensional kernel dispatch once: uniform, pipeline and bind group. */
export function kernelDispatch(rt: GpuRuntime, spec: KernelSpec): Dispatch {
  const pipeline = preludePipeline(rt, spec.code, spec.entryPoint, spec.constants);
  const uniform = ArrayBuffer.isView(spec.uniform) ? rt.arena.uniform(`${spec.label} uniform`, spec.uniform) : spec.uniform;
  const bindGroup = bindAll(rt.device, pipeline, uniform ? [uniform, ...spec.bindings] : spec.bindings, spec.label);
  return { label: spec.label, pipeline, bindGroup, workgroups: grid(rt, spec.items) };
}

function grid(rt: GpuRuntime, items: number): [number, number, number] {
  const groups = Math.max(1, Math.ceil(items / THREADS));
  const maxPerDim = rt.device.limits.maxComputeWorkgroupsPerDimension;
  const x = Math.min(groups, maxPerDim);
  const y = Math.ceil(groups / x);
  if (y > maxPerDim) throw new RangeError(`A kernel needs ${groups} workgroups, beyond this GPU's grid. Use a smaller batch or model.`);
  return [x, y, 1];
}

/** A binding of a range of floats inside a buffer (offset in floats must be 256-byte aligned). */
export function floatRange(buffer: GPUBuffer, offsetFloats: number, sizeFloats: number): GPUBufferBinding {
  return { buffer, offset: offsetFloats * 4, size: sizeFloats * 4 };
}
