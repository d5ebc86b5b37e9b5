import type { BufferArena } from './buffer-arena';

/** Per-dispatch GPU time from timestamp queries, accumulated by label. */
export class TimestampProfiler {
  private readonly querySet: GPUQuerySet;
  private readonly resolveBuffer: GPUBuffer;
  private readonly readBuffer: GPUBuffer;
  private labels: string[] = [];
  readonly totals = new Map<string, number>();

  constructor(
    device: GPUDevice,
    arena: BufferArena,
    readonly capacity = 512,
  ) {
    this.querySet = device.createQuerySet({ type: 'timestamp', count: capacity * 2 });
    this.resolveBuffer = device.createBuffer({
      size: capacity * 16,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
    this.readBuffer = arena.staging('profiler-read', capacity * 16);
  }

  /** Timestamp writes for the next dispatch, or undefined once the query set is full. */
  next(label: string): GPUComputePassTimestampWrites | undefined {
    const index = this.labels.length;
    if (index >= this.capacity) return undefined;
    this.labels.push(label);
    return { querySet: this.querySet, beginningOfPassWriteIndex: 2 * index, endOfPassWriteIndex: 2 * index + 1 };
  }

  resolve(encoder: GPUCommandEncoder): void {
    const count = this.labels.length * 2;
    if (count === 0) return;
    encoder.resolveQuerySet(this.querySet, 0, count, this.resolveBuffer, 0);
    encoder.copyBufferToBuffer(this.resolveBuffer, 0, this.readBuffer, 0, count * 8);
  }

  /** Reads the timestamps of the last submitted step and adds them to the totals (in ms). */
  async collect(): Promise<void> {
    const labels = this.labels;
    this.labels = [];
    if (labels.length === 0) return;
    await this.readBuffer.mapAsync(GPUMapMode.READ, 0, labels.length * 16);
    const times = new BigInt64Array(this.readBuffer.getMappedRange(0, labels.length * 16).slice(0));
    this.readBuffer.unmap();
    labels.forEach((label, i) => {
      const ms = Number(times[2 * i + 1] - times[2 * i]) / 1e6;
      if (ms >= 0 && ms < 1e6) this.totals.set(label, (this.totals.get(label) ?? 0) + ms);
    });
  }

  destroy(): void {
    this.querySet.destroy();
    this.resolveBuffer.destroy();
  }
}
