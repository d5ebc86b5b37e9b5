import { BufferArena } from './buffer-arena';
import type { GpuContext } from './gpu-context';
import { PipelineCache } from './pipeline-cache';
import { StepRecorder } from './step-recorder';

/** What every kernel wrapper needs: the device, where buffers come from, and compiled pipelines. */
export interface GpuRuntime {
  ctx: GpuContext;
  device: GPUDevice;
  arena: BufferArena;
  pipelines: PipelineCache;
  recorder: StepRecorder;
  /** A small zeroed buffer bound where a kernel's optional input is switched off. */
  unused: GPUBuffer;
}

export function createRuntime(ctx: GpuContext): GpuRuntime {
  const arena = new BufferArena(ctx.device);
  return {
    ctx,
    device: ctx.device,
    arena,
    unused: arena.storage('unused', 256),
    pipelines: new PipelineCache(ctx.device),
    recorder: new StepRecorder(ctx.device),
  };
}
