/**
 * The worker side of the studio's any-order jobs (issue 18): keeps one run's model loaded for
 * them (from its latest checkpoint, on its own runtime), finds the table to work on, and hands
 * out seeds so repeated fills draw afresh.
 */
import type { RebalanceRequest } from '../data/rebalance';
import type { Schema } from '../data/types';
import type { GpuRuntime } from '../kernels/runtime';
import type { ImputeResult, LeastLikelyResult, RebalanceResult, RunRecord } from './protocol';

/** What a loaded model does for the studio; `Raw` is the parsed CSV as the core keeps it. */
export interface AnyOrderJobs<Raw> {
  impute(raw: Raw, seed: number): Promise<ImputeResult>;
  leastLikely(raw: Raw, count: number): Promise<LeastLikelyResult>;
  rebalance(request: RebalanceRequest, rows: number, seed: number): Promise<RebalanceResult>;
}

export type AnyOrderLoader<Raw> = (rt: GpuRuntime, schema: Schema, checkpoint: Uint8Array, temperature: number) => AnyOrderJobs<Raw>;

export interface AnyOrderHostDeps<Raw> {
  /** Loads a checkpoint's model for the jobs (studio-gpu.ts). */
  load: AnyOrderLoader<Raw>;
  gpu(): Promise<GpuRuntime>;
  release(rt: GpuRuntime): void;
  openRun(runId: string): Promise<RunRecord>;
  checkpoint(runId: string): Promise<Uint8Array>;
  parseCsv(file: Blob): Promise<Raw>;
  /** The bytes of the table a run was started on, if the browser storage still has them. */
  source(runId: string): Promise<Uint8Array | undefined>;
  /** The table loaded in this session, if any. */
  dataset(): { fileName: string; raw: Raw } | null;
}

export class AnyOrderHost<Raw> {
  private loaded: { runId: string; rt: GpuRuntime; jobs: AnyOrderJobs<Raw> } | null = null;
  private nextSeed = 1;

  constructor(private readonly deps: AnyOrderHostDeps<Raw>) {}

  async impute(runId: string, file?: Blob): Promise<ImputeResult> {
    const jobs = await this.jobsFor(runId);
    return jobs.impute(await this.table(runId, file), this.nextSeed++);
  }

  async leastLikely(runId: string, count: number, file?: Blob): Promise<LeastLikelyResult> {
    if (!Number.isInteger(count) || count < 1) throw new Error(`The number of rows to list must be a positive whole number, got ${count}.`);
    const jobs = await this.jobsFor(runId);
    return jobs.leastLikely(await this.table(runId, file), count);
  }

  async rebalance(runId: string, request: RebalanceRequest, rows: number): Promise<RebalanceResult> {
    const jobs = await this.jobsFor(runId);
    return jobs.rebalance(request, rows, this.nextSeed++);
  }

  /** Frees the loaded model (all, or only if it is this run's). */
  drop(runId?: string): void {
    if (!this.loaded || (runId !== undefined && this.loaded.runId !== runId)) return;
    this.deps.release(this.loaded.rt);
    this.loaded = null;
  }

  private async jobsFor(runId: string): Promise<AnyOrderJobs<Raw>> {
    if (this.loaded?.runId === runId) return this.loaded.jobs;
    const record = await this.deps.openRun(runId);
    const bytes = await this.deps.checkpoint(runId);
    this.drop();
    const rt = await this.deps.gpu();
    try {
      const jobs = this.deps.load(rt, record.schema, bytes, record.config.temperature);
      this.loaded = { runId, rt, jobs };
      return jobs;
    } catch (error) {
      this.deps.release(rt);
      throw error;
    }
  }

  /** `file`, else the run's own table: from the browser storage, or the one loaded in this session. */
  private async table(runId: string, file?: Blob): Promise<Raw> {
    if (file) return this.deps.parseCsv(file);
    const bytes = await this.deps.source(runId).catch(() => undefined);
    if (bytes) return this.deps.parseCsv(new Blob([bytes as BlobPart]));
    const { name } = await this.deps.openRun(runId);
    const dataset = this.deps.dataset();
    if (dataset?.fileName === name) return dataset.raw;
    throw new Error(`The table "${name}" of this run is no longer in the browser storage: choose the file to use (it needs the same columns).`);
  }
}
