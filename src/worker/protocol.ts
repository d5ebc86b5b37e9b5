/**
 * The contract between the studio page and its worker. The page calls these methods through
 * comlink and renders what comes back; the worker owns the GPU, the data and IndexedDB.
 */
import type { RunConfig } from '../align/run-config';
import type { RunEvent } from '../align/run-events';
import type { CellProblem } from '../data/codec-cells';
import type { RebalanceGroup, RebalanceRequest } from '../data/rebalance';
import type { Schema, Table } from '../data/types';
import type { RoundView } from './round-view';
import type { RunHistory } from './run-history';
import type { TargetGuess } from './target-guess';
import type { PageDefaults, RunTimeEstimate } from './time-estimate';

// The engine values the page may name: it imports them from here and nowhere else (architecture.test.ts).
export { DEFAULT_RUN_CONFIG, OBJECTIVES, type Objective, REWARDS, type RewardName, type RunConfig } from '../align/run-config';
export { sftSecondsLeft } from '../align/run-events';
export { METHOD_LABELS, REWARD_LABELS } from '../align/run-labels';
export { messageOf } from '../error-message';
export { type EvalMetrics, headlineMle } from '../eval/metrics';
export { PRESETS, type PresetName } from '../model/config';
export { plural } from './plural';
export { emptyHistory, foldEvents, type RunHistory, upgradeHistory } from './run-history';
export type { CellProblem, PageDefaults, RebalanceGroup, RebalanceRequest, RunTimeEstimate, TargetGuess };

/** The share of rows held out for evaluation; the model never sees them. */
export const HOLDOUT_SHARE = 0.2;

/** The exclusion reason of a column the user left out in the schema review. */
export const EXCLUDED_BY_USER = 'Excluded by you.';

export interface GpuInfo {
  adapterName: string;
  features: string[];
  maxBufferBytes: number;
}

export interface IngestProgress {
  bytesRead: number;
  totalBytes: number;
}

export interface IngestResult {
  fileName: string;
  rowCount: number;
  schema: Schema;
  /** What the parser changed or doubts (trimmed cells, guessed header), shown with the schema. */
  warnings: string[];
  /** The first rows, typed with the inferred schema, for the review table. */
  preview: Table;
  /** The field delimiter in words ("comma", "semicolon (from the file's sep=; line)"). */
  delimiter: string;
  /** The target pre-selected in `schema`, and why; null when no column looked like one. */
  targetGuess: TargetGuess | null;
}

/** What the user changed in the schema review; the worker re-infers the column from its values. */
export interface ColumnOverride {
  name: string;
  kind?: 'numeric' | 'categorical';
  excluded?: boolean;
}

export type RunStatus = 'running' | 'paused' | 'interrupted' | 'stopped' | 'done' | 'failed';

export interface RunSummary {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  status: RunStatus;
  /** Why the run is in its status, in words for the user (errors verbatim). */
  statusMessage?: string;
  schema: Schema;
  config: RunConfig;
  lastCheckpointRound: number | null;
  /** Set when the run trained on a seeded sample of this many rows of its training split. */
  trainRows?: number;
  /** Set while SFT progress is saved after this epoch and no checkpoint exists yet: a resume goes on from there. */
  sftEpochSaved?: number;
}

export interface StartOptions {
  /** Train on a seeded sample of this many training rows (the page's fast defaults); all when absent. */
  trainRows?: number;
}

/** The page's defaults for the loaded table, chosen from this adapter's measured speed. */
export interface RunSuggestion extends PageDefaults {
  adapterName: string;
  /** Rows of the training split, before any sample. */
  availableTrainRows: number;
}

export interface RunRecord extends RunSummary {
  history: RunHistory;
}

/** A run event as the page sees it: checkpoint bytes stay in the worker (and IndexedDB). */
export type PageRunEvent = Exclude<RunEvent, { type: 'checkpoint' }> | { type: 'checkpoint'; round: number; byteLength: number };

export type StudioEvent =
  | { type: 'run-events'; runId: string; events: PageRunEvent[] }
  | { type: 'round-view'; runId: string; view: RoundView }
  | { type: 'run-status'; runId: string; status: RunStatus; message?: string }
  /** IndexedDB refused a write (quota, private mode); the run goes on in memory. */
  | { type: 'storage-error'; runId: string; message: string };

export interface SampleRequest {
  rows: number;
  where?: Record<string, string | number>;
}

export interface ReportFiles {
  json: string;
  markdown: string;
}

/** The ONNX graph, and the row grammar and vocabulary a sampler outside the studio needs with it. */
export interface OnnxFiles {
  model: Uint8Array;
  sidecar: string;
}

/** One row of a table with missing cells, after the model filled them (issue 18). */
export interface FilledRow {
  /** 0-based data row of the table. */
  row: number;
  cells: Array<string | null>;
  /** Indices into `cells` of the cells the model drew. */
  filled: number[];
}

export interface ImputeResult {
  /** The whole table with its missing cells filled, every other cell as it was. */
  csv: string;
  header: string[];
  /** The first rows that had missing cells. */
  preview: FilledRow[];
  missingCells: number;
  filledCells: number;
  rowsWithMissing: number;
  rows: number;
  /** Cells the model cannot represent: written back unchanged, neither used nor replaced. */
  problems: CellProblem[];
  /** Missing cells the model kept drawing as missing (their column had missing values in training). */
  unfilled: Array<{ row: number; column: string }>;
}

export interface LeastLikelyResult {
  header: string[];
  /** The least likely rows first, with their log-likelihood (nats, mean over `orders` column orders). */
  rows: Array<{ row: number; logLikelihood: number; cells: Array<string | null> }>;
  scoredRows: number;
  totalRows: number;
  orders: number;
  /** Why some rows were not scored. */
  problems: CellProblem[];
}

export interface RebalanceResult {
  csv: string;
  /** Per value of the column: its share in the training data, the share asked for, and rows drawn. */
  groups: RebalanceGroup[];
}

export interface StudioApi {
  probeGpu(): Promise<GpuInfo>;
  ingest(file: Blob, fileName: string, onProgress: (p: IngestProgress) => void): Promise<IngestResult>;
  reviseSchema(overrides: ColumnOverride[], target: string | undefined): Promise<Schema>;
  startRun(config: RunConfig, onEvent: (e: StudioEvent) => void, options?: StartOptions): Promise<RunSummary>;
  /** Measures this adapter on the loaded table (seconds on a CPU adapter, cached) and suggests defaults that finish in minutes. */
  suggestRun(base: RunConfig): Promise<RunSuggestion>;
  /** The run's duration on this adapter, measuring config.preset first if it was not yet. */
  estimateRun(config: RunConfig, options?: StartOptions): Promise<RunTimeEstimate>;
  resumeRun(runId: string, onEvent: (e: StudioEvent) => void): Promise<RunSummary>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  listRuns(): Promise<RunSummary[]>;
  openRun(runId: string): Promise<RunRecord>;
  deleteRun(runId: string): Promise<void>;
  sampleCsv(runId: string, request: SampleRequest): Promise<string>;
  report(runId: string): Promise<ReportFiles>;
  checkpoint(runId: string): Promise<Uint8Array>;
  onnx(runId: string): Promise<OnnxFiles>;
  /** The run's uploaded table (or `file`, with the same columns) with its missing cells filled by the model. */
  imputeCsv(runId: string, file?: Blob): Promise<ImputeResult>;
  /** The `count` rows of the run's uploaded table (or `file`) the model finds least likely. */
  leastLikelyRows(runId: string, count: number, file?: Blob): Promise<LeastLikelyResult>;
  /** `rows` synthetic rows with the column's values at the requested shares. */
  rebalanceCsv(runId: string, request: RebalanceRequest, rows: number): Promise<RebalanceResult>;
}
