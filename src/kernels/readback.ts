/**
 * Asynchronous readback through a reusable staging buffer: record a copy into a step, submit,
 * then await read() whenever the result is wanted. Never blocks the queue.
 */
export class Readback {
  private pending: Promise<Float32Array> | undefined;

  constructor(
    private readonly staging: GPUBuffer,
    readonly bytes: number,
  ) {}

  copyFrom(encoder: GPUCommandEncoder, source: GPUBuffer, sourceOffset = 0): void {
    encoder.copyBufferToBuffer(source, sourceOffset, this.staging, 0, this.bytes);
  }

  /** Starts mapping now (call right after submit); resolves to a fresh copy of the bytes. */
  read(): Promise<Float32Array> {
    this.pending ??= this.staging.mapAsync(GPUMapMode.READ, 0, this.bytes).then(() => {
      const copy = new Float32Array(this.staging.getMappedRange(0, this.bytes).slice(0));
      this.staging.unmap();
      this.pending = undefined;
      return copy;
    });
    return this.pending;
  }
}

/** One-off read of a buffer region: for tests, checkpoints and end-of-run results. */
export async function readBuffer(device: GPUDevice, source: GPUBuffer, offset = 0, bytes = source.size - offset): Promise<ArrayBuffer> {
  const staging = device.createBuffer({ size: Math.ceil(bytes / 4) * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(source, offset, staging, 0, staging.size);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const result = staging.getMappedRange().slice(0, bytes);
  staging.destroy();
  return result;
}

export async function readFloats(device: GPUDevice, source: GPUBuffer, offsetFloats = 0, count?: number): Promise<Float32Array> {
  const bytes = count === undefined ? source.size - offsetFloats * 4 : count * 4;
  return new Float32Array(await readBuffer(device, source, offsetFloats * 4, bytes));
}
