import { isCopy, type StepOp } from './dispatch';
import type { TimestampProfiler } from './timestamp-profiler';

/**
 * Records a whole step into ONE command encoder and submits it ONCE. Dispatches between copies
 * share a compute pass; with a profiler each dispatch gets its own pass to carry timestamps.
 */
export class StepRecorder {
  constructor(
    private readonly device: GPUDevice,
    public profiler?: TimestampProfiler,
  ) {}

  encode(ops: readonly StepOp[], encoder: GPUCommandEncoder = this.device.createCommandEncoder()): GPUCommandEncoder {
    let pass: GPUComputePassEncoder | undefined;
    for (const op of ops) {
      if (isCopy(op)) {
        pass?.end();
        pass = undefined;
        encoder.copyBufferToBuffer(op.source, op.sourceOffset, op.destination, op.destinationOffset, op.size);
        continue;
      }
      const timestampWrites = this.profiler?.next(op.label);
      if (timestampWrites) {
        pass?.end();
        pass = encoder.beginComputePass({ label: op.label, timestampWrites });
      } else {
        pass ??= encoder.beginComputePass();
      }
      pass.setPipeline(op.pipeline);
      pass.setBindGroup(0, op.bindGroup);
      pass.dispatchWorkgroups(op.workgroups[0], op.workgroups[1], op.workgroups[2]);
      if (timestampWrites) {
        pass.end();
        pass = undefined;
      }
    }
    pass?.end();
    return encoder;
  }

  submit(ops: readonly StepOp[]): void {
    const encoder = this.encode(ops);
    this.profiler?.resolve(encoder);
    this.device.queue.submit([encoder.finish()]);
  }
}
