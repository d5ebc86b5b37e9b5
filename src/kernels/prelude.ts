import type { PipelineConstants } from './pipeline-cache';
import preludeWgsl from './prelude.wgsl?raw';
import type { GpuRuntime } from './runtime';

/** Invocations per workgroup of the one-dimensional kernels: the THREADS override of prelude.wgsl. */
export const THREADS = 64;

/** A one-dimensional kernel's pipeline: prelude.wgsl (THREADS, flat_index) in front of its code. */
export function preludePipeline(rt: GpuRuntime, code: string, entryPoint = 'main', constants: PipelineConstants = {}): GPUComputePipeline {
  return rt.pipelines.get(`${preludeWgsl}\n${code}`, { ...constants, THREADS }, entryPoint);
}
