/**
 * The studio worker's seam: the jobs that need the GPU (and the speed probe, which times work).
 * `gpu-binding.ts` binds them to src/model and src/align; tests bind fakes, so the service runs in
 * Node without a GPU while its CPU work (parsing, schema, splitting, reports) stays real.
 */
import type { RunInputs } from '../align/run-alignment';
import type { RunEvent } from '../align/run-events';
import type { RunControl } from '../align/run-session';
import type { RawTable } from '../data/raw-column';
import type { Schema, Table } from '../data/types';
import type { GpuRuntime } from '../kernels/runtime';
import type { AnyOrderLoader } from './any-order-host';
import type { PresetSpeed, RoundWorkSpeed } from './time-estimate';

export type AlignmentControl = Required<RunControl>;

export type AlignmentInputs = RunInputs;

export type SpeedProbeInputs = Pick<AlignmentInputs, 'rt' | 'train' | 'holdout' | 'schema' | 'config'>;

export type SampleRows = (rows: number, where?: Record<string, string | number>) => Promise<Table>;

export interface AlignmentResult {
  sample: SampleRows;
}

export interface StudioGpu {
  /** A fresh runtime (own buffer arena) on its own device: one per run, one per loaded model. */
  runtime(): Promise<GpuRuntime>;
  runAlignment(inputs: AlignmentInputs, onEvent: (e: RunEvent) => void, control: AlignmentControl): Promise<AlignmentResult>;
  /** A few SFT steps and one sampled batch of config.preset on this adapter (speed-probe.ts). */
  measurePresetSpeed(inputs: SpeedProbeInputs): Promise<PresetSpeed>;
  /** One round's evaluation and reward scoring on real rows: CPU work, but a timing, so tests fake it with the GPU probe. */
  measureRoundWork(inputs: Omit<SpeedProbeInputs, 'rt'>): Promise<RoundWorkSpeed>;
  /** Loads a saved checkpoint for sampling after a reload. */
  samplerFromCheckpoint(rt: GpuRuntime, schema: Schema, checkpoint: Uint8Array, temperature: number): Promise<SampleRows>;
  /** Loads a checkpoint for filling, ranking and rebalancing (issue 18). */
  anyOrder: AnyOrderLoader<RawTable>;
}
