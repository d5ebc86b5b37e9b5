/**
 * The pieces of the core the studio worker composes. `core.ts` binds them to src/data, src/eval,
 * src/model and src/align; tests bind fakes, so the worker's own logic runs in Node without a GPU.
 */
import type { RunInputs } from '../align/run-alignment';
import type { RunEvent } from '../align/run-events';
import type { RunControl } from '../align/run-session';
import type { Schema, Table } from '../data/types';
import type { GpuRuntime } from '../kernels/runtime';
import type { AnyOrderLoader } from './any-order-host';
import type { IngestProgress, OnnxFiles } from './protocol';
import type { AssociationDiff } from './round-view';
import type { PresetSpeed, RoundWorkSpeed } from './time-estimate';

export type AlignmentControl = Required<RunControl>;

export type AlignmentInputs = RunInputs;

export type SpeedProbeInputs = Pick<AlignmentInputs, 'rt' | 'train' | 'holdout' | 'schema' | 'config'>;

export interface AlignmentResult {
  sample(rows: number, where?: Record<string, string | number>): Promise<Table>;
}

/** `Raw` is whatever the CSV parser yields before a schema types it. */
export interface StudioCore<Raw> {
  /** `delimiter` in words for the schema review ("semicolon (from the file's sep=; line)"). */
  parseCsv(file: Blob, onProgress: (p: IngestProgress) => void): Promise<{ raw: Raw; warnings: string[]; delimiter: string }>;
  inferSchema(raw: Raw): { schema: Schema; warnings: string[] };
  /**
   * One column re-inferred as the user set it (kind; an exclusion reason, or null to include it);
   * throws with a message if the data cannot take the change.
   */
  overrideColumn(raw: Raw, schema: Schema, name: string, override: { kind?: 'numeric' | 'categorical'; excluded?: string | null }): Schema;
  applySchema(raw: Raw, schema: Schema): Table;
  /** Seeded split, HOLDOUT_SHARE of the rows held out (stratified by `stratifyBy`, a class column, when given). */
  splitTable(table: Table, seed: number, stratifyBy: string | undefined): { train: Table; holdout: Table };
  /** A seeded sample of `rows` rows, in table order. */
  sampleRows(table: Table, rows: number, seed: number): Table;
  tableToCsv(table: Table, schema: Schema): string;
  associationDiff(schema: Schema, real: Table, synthetic: Table): AssociationDiff | null;
  runAlignment(inputs: AlignmentInputs, onEvent: (e: RunEvent) => void, control: AlignmentControl): Promise<AlignmentResult>;
  /** A few SFT steps and one sampled batch of config.preset on this adapter (speed-probe.ts). */
  measurePresetSpeed(inputs: SpeedProbeInputs): Promise<PresetSpeed>;
  /** One round's evaluation and reward scoring on real rows (CPU work). */
  measureRoundWork(inputs: Omit<SpeedProbeInputs, 'rt'>): Promise<RoundWorkSpeed>;
  /** Loads a saved checkpoint for sampling after a reload; absent until the model module has it. */
  samplerFromCheckpoint?(rt: GpuRuntime, schema: Schema, checkpoint: Uint8Array, temperature: number): Promise<AlignmentResult['sample']>;
  exportOnnx?(checkpoint: Uint8Array, schema: Schema, modelFile: string): OnnxFiles;
  /** Loads a checkpoint for filling, ranking and rebalancing (issue 18); absent in builds without them. */
  anyOrder?: AnyOrderLoader<Raw>;
}
