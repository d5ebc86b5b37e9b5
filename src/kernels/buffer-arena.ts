/** Every GPU buffer of a run, created once, counted, and destroyed together. */
export class BufferArena {
  private readonly buffers: GPUBuffer[] = [];
  private allocatedBytes = 0;

  constructor(readonly device: GPUDevice) {}

  get bytes(): number {
    return this.allocatedBytes;
  }

  get count(): number {
    return this.buffers.length;
  }

  storage(label: string, bytes: number, extraUsage: GPUBufferUsageFlags = 0): GPUBuffer {
    return this.create(label, bytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extraUsage);
  }

  uniform(label: string, data: ArrayBufferView): GPUBuffer {
    const buffer = this.create(label, data.byteLength, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return buffer;
  }

  staging(label: string, bytes: number): GPUBuffer {
    return this.create(label, bytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  }

  /** A storage buffer filled from host data. */
  upload(label: string, data: ArrayBufferView, extraUsage: GPUBufferUsageFlags = 0): GPUBuffer {
    const buffer = this.storage(label, data.byteLength, extraUsage);
    this.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return buffer;
  }

  destroy(): void {
    for (const buffer of this.buffers) buffer.destroy();
    this.buffers.length = 0;
    this.allocatedBytes = 0;
  }

  private create(label: string, bytes: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const size = Math.max(16, Math.ceil(bytes / 16) * 16);
    const maxSize = this.device.limits.maxBufferSize;
    if (size > maxSize) {
      throw new RangeError(
        `Buffer "${label}" needs ${(size / 2 ** 20).toFixed(1)} MiB but this GPU allows at most ` +
          `${(maxSize / 2 ** 20).toFixed(1)} MiB per buffer. Use a smaller model preset, batch or table.`,
      );
    }
    const buffer = this.device.createBuffer({ label, size, usage });
    this.buffers.push(buffer);
    this.allocatedBytes += size;
    return buffer;
  }
}
