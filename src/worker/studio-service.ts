/**
 * The studio's worker side: holds the loaded table, runs one alignment at a time on the GPU,
 * streams its events to the page and keeps every run in IndexedDB so nothing computed is lost.
 */
import { type RunConfig, validateRunConfig } from '../align/run-config';
import { applySchema } from '../data/apply-schema';
import { tableToCsv } from '../data/csv-export';
import type { RawTable } from '../data/raw-column';
import { inferSchema, overrideColumn } from '../data/schema-infer';
import type { Schema, Table } from '../data/types';
import { messageOf } from '../error-message';
import type { GpuRuntime } from '../kernels/runtime';
import type { PresetName } from '../model/config';
import { AnyOrderHost } from './any-order-host';
import { onnxFiles } from './onnx-files';
import { PauseGate } from './pause-gate';
import {
  type ColumnOverride,
  EXCLUDED_BY_USER,
  type GpuInfo,
  HOLDOUT_SHARE,
  type ImputeResult,
  type IngestProgress,
  type IngestResult,
  type LeastLikelyResult,
  type OnnxFiles,
  type RebalanceRequest,
  type RebalanceResult,
  type ReportFiles,
  type RunRecord,
  type RunSuggestion,
  type RunSummary,
  type SampleRequest,
  type StartOptions,
  type StudioApi,
  type StudioEvent,
} from './protocol';
import { roundView } from './round-view';
import type { RunDb } from './run-db';
import { emptyHistory, historyUpToEpoch } from './run-history';
import { RunRecorder, type RunRecording } from './run-recorder';
import { buildReport } from './run-report';
import type { AlignmentInputs, SampleRows, StudioGpu } from './studio-gpu';
import { parseCsv, runTables } from './tables';
import { guessTarget } from './target-guess';
import { estimateRun, nextPresetToMeasure, type PresetSpeed, pageDefaults, type RoundWorkSpeed, type RunTimeEstimate } from './time-estimate';

const PREVIEW_ROWS = 5;
export const ONNX_FILE_NAME = 'model.onnx';

interface Dataset {
  file: Blob;
  fileName: string;
  raw: RawTable;
  schema: Schema;
}

/** This adapter's measured speed on the loaded table and schema; dropped when either changes. */
interface SpeedCache {
  adapterName: string;
  presets: Map<string, PresetSpeed>;
  roundWork: Map<string, RoundWorkSpeed>;
}

interface ActiveRun {
  recording: RunRecording;
  rt: GpuRuntime;
  abort: AbortController;
  gate: PauseGate;
  deviceLost: string | null;
}

function firstRows(table: Table, n: number): Table {
  return { header: table.header, columns: table.columns.map((c) => c.slice(0, n)) };
}

function summaryOf({ history: _history, ...summary }: RunRecord): RunSummary {
  return summary;
}

function withTarget(schema: Schema, target: string | undefined): Schema {
  if (target === undefined) return { ...schema, target: undefined, task: undefined };
  const column = schema.columns.find((c) => c.name === target);
  if (!column) throw new Error(`The target column "${target}" is not in the table.`);
  if (column.excluded) throw new Error(`The target column "${target}" is excluded; include it or pick another target.`);
  return { ...schema, target, task: column.kind === 'numeric' ? 'regression' : 'classification' };
}

/** What a stopped or cut-off run still has, so the page promises nothing that is not there. */
function keptMessage({ lastCheckpointRound, sftEpochSaved }: Pick<RunSummary, 'lastCheckpointRound' | 'sftEpochSaved'>): string {
  if (lastCheckpointRound === null && sftEpochSaved !== undefined) {
    return `It ended during SFT, before its first checkpoint (saved when SFT ends), so there is no model to sample or download yet. Its SFT after epoch ${sftEpochSaved} is kept: resume it to go on from there.`;
  }
  if (lastCheckpointRound === null) {
    return 'It ended before its first checkpoint (saved when SFT ends), so there is no model to sample or download yet; its charts and report are kept. Restart it to train again.';
  }
  const after = lastCheckpointRound === 0 ? 'SFT' : `round ${lastCheckpointRound}`;
  return `Its model after ${after} is kept: download from it, or resume the run from there.`;
}

/** Left-out columns come back in a download only when their value is known (a constant column). */
function downloadSchema(schema: Schema): Schema {
  return { ...schema, columns: schema.columns.filter((c) => !c.excluded || c.flags.includes('constant')) };
}

export class StudioService implements StudioApi {
  private dataset: Dataset | null = null;
  private speed: SpeedCache | null = null;
  /** Measurements run one at a time, and a run starts only after them: they share the GPU. */
  private measuring: Promise<unknown> = Promise.resolve();
  private active: ActiveRun | null = null;
  /** The one model kept on the GPU for sampling after its run: the last finished or loaded one. */
  private model: { runId: string; rt: GpuRuntime; sample: SampleRows } | null = null;
  private readonly recorder: RunRecorder;
  /** A run's model loaded for filling, ranking and rebalancing (issue 18). */
  private readonly anyOrder: AnyOrderHost<RawTable>;

  constructor(
    private readonly gpuJobs: StudioGpu,
    private readonly db: RunDb,
  ) {
    this.recorder = new RunRecorder(db);
    this.anyOrder = new AnyOrderHost<RawTable>({
      load: gpuJobs.anyOrder,
      gpu: () => this.gpu(),
      release: (rt) => this.release(rt),
      openRun: (runId) => this.openRun(runId),
      checkpoint: (runId) => this.checkpoint(runId),
      parseCsv: async (file) => (await parseCsv(file)).raw,
      source: async (runId) => (await this.db.getSource(runId))?.bytes,
      dataset: () => this.dataset,
    });
  }

  private async gpu(): Promise<GpuRuntime> {
    const rt = await this.gpuJobs.runtime();
    void rt.ctx.lost.then((message) => {
      if (this.model?.rt === rt) this.model = null;
      if (this.active?.rt === rt && !this.active.deviceLost) {
        this.active.deviceLost = message;
        this.active.abort.abort(new Error(message));
        this.active.gate.resume();
      }
    });
    return rt;
  }

  /** Frees a runtime's buffers and its device (one device per run, architecture.md). */
  private release(rt: GpuRuntime): void {
    rt.arena.destroy();
    rt.device.destroy();
  }

  async probeGpu(): Promise<GpuInfo> {
    const rt = await this.gpu();
    this.release(rt);
    const features = Object.entries(rt.ctx.features)
      .filter(([, on]) => on)
      .map(([name]) => name);
    return { adapterName: rt.ctx.adapterName, features, maxBufferBytes: rt.ctx.limits.maxBufferSize };
  }

  async ingest(file: Blob, fileName: string, onProgress: (p: IngestProgress) => void): Promise<IngestResult> {
    const parsed = await parseCsv(file, onProgress);
    const inferred = inferSchema(parsed.raw);
    const targetGuess = guessTarget(inferred.schema) ?? null;
    const schema = withTarget(inferred.schema, targetGuess?.column);
    this.setDataset({ file, fileName, raw: parsed.raw, schema });
    return {
      fileName,
      rowCount: schema.rowCount,
      schema,
      warnings: [...parsed.warnings, ...inferred.warnings],
      preview: this.preview(parsed.raw, schema),
      delimiter: parsed.delimiter,
      targetGuess,
    };
  }

  /** A new table or changed columns change the model's sequences, so the speed is measured again; a new target does not. */
  private setDataset(dataset: Dataset): void {
    const previous = this.dataset;
    this.dataset = dataset;
    if (previous?.raw !== dataset.raw || JSON.stringify(previous.schema.columns) !== JSON.stringify(dataset.schema.columns)) this.speed = null;
  }

  private preview(raw: RawTable, schema: Schema): Table {
    return firstRows(applySchema(raw, schema), PREVIEW_ROWS);
  }

  private loaded(): Dataset {
    if (!this.dataset) throw new Error('No table is loaded. Drop a CSV file or try the demo first.');
    return this.dataset;
  }

  async reviseSchema(overrides: ColumnOverride[], target: string | undefined): Promise<Schema> {
    const data = this.loaded();
    let schema = inferSchema(data.raw).schema;
    for (const { name, kind, excluded } of overrides) {
      if (kind === undefined && excluded === undefined) continue;
      // excluded: true leaves it out, false brings back a column inference left out.
      schema = overrideColumn(data.raw, schema, name, { kind, excluded: excluded === undefined ? undefined : excluded ? EXCLUDED_BY_USER : null });
    }
    schema = withTarget(schema, target);
    this.setDataset({ ...data, schema });
    return schema;
  }

  async startRun(config: RunConfig, onEvent: (e: StudioEvent) => void, options: StartOptions = {}): Promise<RunSummary> {
    await this.measuring.catch(() => {});
    this.assertIdle();
    validateRunConfig(config);
    const data = this.loaded();
    if (options.trainRows !== undefined && !(Number.isInteger(options.trainRows) && options.trainRows >= 1)) {
      throw new Error(`Training rows must be a positive whole number, got ${options.trainRows}.`);
    }
    const { train, holdout } = runTables(data.raw, data.schema, config.seed, options.trainRows);
    const now = Date.now();
    const record: RunRecord = {
      id: crypto.randomUUID(),
      name: data.fileName,
      createdAt: now,
      updatedAt: now,
      status: 'running',
      schema: data.schema,
      config: { ...config, target: data.schema.target },
      lastCheckpointRound: null,
      trainRows: options.trainRows,
      history: emptyHistory(),
    };
    const bytes = new Uint8Array(await data.file.arrayBuffer());
    await this.recorder.create(record, { fileName: data.fileName, bytes }, onEvent);
    this.keepModel(null);
    const rt = await this.gpu();
    void this.drive(rt, record, train, holdout, undefined, onEvent);
    return summaryOf(record);
  }

  async resumeRun(runId: string, onEvent: (e: StudioEvent) => void): Promise<RunSummary> {
    this.assertIdle();
    const record = await this.db.getRun(runId);
    const source = await this.db.getSource(runId);
    if (!record || !source) throw new Error('This run is no longer in the browser storage, so it cannot be resumed.');
    const latest = await this.db.latestCheckpoint(runId);
    const sft = latest && (latest.round === 0 ? latest.bytes : await this.db.getCheckpoint(runId, 0));
    const { raw } = await parseCsv(new Blob([source.bytes as BlobPart]));
    const { train, holdout } = runTables(raw, record.schema, record.config.seed, record.trainRows);
    // Rounds after the checkpoint are recomputed, so their points are dropped. Without the SFT
    // checkpoint (the frozen reference) SFT goes on from its last saved epoch, or starts over.
    const progress = latest && sft ? undefined : await this.recorder.sftProgress(runId);
    let resumeFrom: AlignmentInputs['resumeFrom'];
    let history = emptyHistory();
    if (latest && sft) {
      resumeFrom = { sft, latest: latest.round > 0 ? latest.bytes : undefined };
      history = { ...record.history, rounds: record.history.rounds.filter((r) => r.round <= latest.round) };
    } else if (progress) {
      resumeFrom = { sftProgress: progress };
      history = historyUpToEpoch(record.history, progress.epoch);
    }
    const resumed: RunRecord = { ...record, history, status: 'running', statusMessage: undefined, updatedAt: Date.now() };
    this.keepModel(null);
    const rt = await this.gpu();
    void this.drive(rt, resumed, train, holdout, resumeFrom, onEvent);
    return summaryOf(resumed);
  }

  private assertIdle(): void {
    if (this.active) throw new Error('A run is already going. Stop it before starting another.');
  }

  private async drive(
    rt: GpuRuntime,
    record: RunRecord,
    train: Table,
    holdout: Table,
    resumeFrom: AlignmentInputs['resumeFrom'],
    onEvent: (e: StudioEvent) => void,
  ): Promise<void> {
    const view = (round: number, rows: Table) => roundView(round, record.schema, train, rows);
    const recording = this.recorder.begin(record, onEvent, view, resumeFrom && 'sft' in resumeFrom ? (resumeFrom.latest ?? resumeFrom.sft) : undefined);
    const run: ActiveRun = { recording, rt, abort: new AbortController(), gate: new PauseGate(), deviceLost: null };
    this.active = run;

    onEvent({ type: 'run-status', runId: record.id, status: 'running' });
    try {
      const result = await this.gpuJobs.runAlignment(
        { rt, train, holdout, schema: record.schema, config: record.config, resumeFrom },
        (e) => recording.onRunEvent(e),
        { signal: run.abort.signal, paused: run.gate.wait, saveSftProgress: async (saved) => recording.saveSftProgress(saved) },
      );
      this.keepModel({ runId: record.id, rt, sample: result.sample });
      recording.setStatus('done');
    } catch (error) {
      if (run.deviceLost) recording.setStatus('interrupted', run.deviceLost);
      else if (run.abort.signal.aborted) recording.setStatus('stopped', `Stopped by you. ${keptMessage(recording.record)}`);
      else recording.setStatus('failed', messageOf(error));
      this.release(rt);
    }
    // Told only once saved, so a reload right after "done" finds the run done.
    await recording.saved();
    this.active = null;
    const { status, statusMessage } = recording.record;
    onEvent({ type: 'run-status', runId: record.id, status, message: statusMessage });
  }

  /** Measurements share the GPU with runs: one at a time, never while a run is going. */
  private measure<T>(job: () => Promise<T>): Promise<T> {
    const next = this.measuring
      .catch(() => {})
      .then(() => {
        if (this.active) throw new Error('A run is going: the speed of this GPU is measured when it is free.');
        return job();
      });
    this.measuring = next;
    return next;
  }

  private speedCache(adapterName: string): SpeedCache {
    this.speed ??= { adapterName, presets: new Map(), roundWork: new Map() };
    return this.speed;
  }

  private async presetSpeed(config: RunConfig): Promise<PresetSpeed> {
    const data = this.loaded();
    const key = `${config.preset}/${config.sftBatch}/${Math.min(256, config.rowsPerRound)}`;
    const cached = this.speed?.presets.get(key);
    if (cached) return cached;
    const { train, holdout } = runTables(data.raw, data.schema, config.seed, undefined);
    const rt = await this.gpu();
    try {
      const speed = await this.gpuJobs.measurePresetSpeed({ rt, train, holdout, schema: data.schema, config: { ...config, target: data.schema.target } });
      this.speedCache(rt.ctx.adapterName).presets.set(key, speed);
      return speed;
    } finally {
      this.release(rt);
    }
  }

  private async roundWork(config: RunConfig): Promise<RoundWorkSpeed> {
    const data = this.loaded();
    const key = `${config.reward}/${Math.min(400, config.rowsPerRound)}/${data.schema.target ?? ''}`;
    const cached = this.speed?.roundWork.get(key);
    if (cached) return cached;
    const { train, holdout } = runTables(data.raw, data.schema, config.seed, undefined);
    const work = await this.gpuJobs.measureRoundWork({ train, holdout, schema: data.schema, config: { ...config, target: data.schema.target } });
    this.speed?.roundWork.set(key, work);
    return work;
  }

  private availableTrainRows(): number {
    const { rowCount } = this.loaded().schema;
    return rowCount - Math.round(rowCount * HOLDOUT_SHARE);
  }

  async suggestRun(base: RunConfig): Promise<RunSuggestion> {
    return this.measure(async () => {
      const availableTrainRows = this.availableTrainRows();
      const presets: Partial<Record<PresetName, PresetSpeed>> = {};
      for (
        let preset = nextPresetToMeasure(base, { presets, trainRows: availableTrainRows });
        preset;
        preset = nextPresetToMeasure(base, { presets, trainRows: availableTrainRows })
      ) {
        presets[preset] = await this.presetSpeed({ ...base, preset });
      }
      const roundWork = await this.roundWork(base);
      const adapterName = this.speed?.adapterName ?? '';
      return { ...pageDefaults(base, { adapterName, trainRows: availableTrainRows, presets, roundWork }), adapterName, availableTrainRows };
    });
  }

  async estimateRun(config: RunConfig, options: StartOptions = {}): Promise<RunTimeEstimate> {
    validateRunConfig(config);
    return this.measure(async () => {
      const speed = await this.presetSpeed(config);
      const work = await this.roundWork(config);
      return estimateRun(config, speed, work, Math.min(options.trainRows ?? Infinity, this.availableTrainRows()));
    });
  }

  async pause(): Promise<void> {
    if (!this.active) return;
    this.active.gate.pause();
    this.active.recording.markStatus('paused');
  }

  async resume(): Promise<void> {
    if (!this.active) return;
    this.active.gate.resume();
    this.active.recording.markStatus('running');
  }

  async stop(): Promise<void> {
    if (!this.active) return;
    this.active.abort.abort(new Error('Stopped by the user.'));
    this.active.gate.resume();
  }

  /** A run saved as going that this worker is not running was cut off by a reload or a closed tab. */
  private asSeenNow<T extends RunSummary>(run: T): T {
    const going = run.status === 'running' || run.status === 'paused';
    if (!going || this.active?.recording.record.id === run.id) return run;
    return {
      ...run,
      status: 'interrupted',
      statusMessage: `The page was closed or reloaded while this run was going. ${keptMessage(run)}`,
    };
  }

  async listRuns(): Promise<RunSummary[]> {
    const saved = (await this.db.listRuns()).map((r) => this.asSeenNow(r));
    const kept = new Map(this.recorder.keptRuns().map((r) => [r.id, r]));
    const unsaved = [...kept.values()].filter((r) => !saved.some((s) => s.id === r.id)).map(summaryOf);
    const fresh = saved.map((s) => {
      const inMemory = kept.get(s.id);
      return inMemory ? summaryOf(inMemory) : s;
    });
    return [...unsaved, ...fresh].sort((x, y) => y.createdAt - x.createdAt);
  }

  async openRun(runId: string): Promise<RunRecord> {
    if (this.active?.recording.record.id === runId) return this.active.recording.record;
    const record = await this.recorder.find(runId);
    if (!record) throw new Error('This run is no longer in the browser storage.');
    return this.asSeenNow(record);
  }

  async deleteRun(runId: string): Promise<void> {
    if (this.active?.recording.record.id === runId) throw new Error('This run is going. Stop it before deleting it.');
    if (this.model?.runId === runId) this.keepModel(null);
    this.anyOrder.drop(runId);
    await this.recorder.delete(runId);
  }

  async sampleCsv(runId: string, request: SampleRequest): Promise<string> {
    if (!Number.isInteger(request.rows) || request.rows < 1) throw new Error(`Rows to sample must be a positive whole number, got ${request.rows}.`);
    const record = await this.openRun(runId);
    const sample = await this.samplerFor(runId, record.schema);
    const table = await sample(request.rows, request.where && Object.keys(request.where).length > 0 ? request.where : undefined);
    return tableToCsv(table, downloadSchema(record.schema));
  }

  private async samplerFor(runId: string, schema: Schema): Promise<SampleRows> {
    if (this.model?.runId === runId) return this.model.sample;
    const bytes = await this.checkpoint(runId);
    const { config } = await this.openRun(runId);
    const rt = await this.gpu();
    try {
      const sample = await this.gpuJobs.samplerFromCheckpoint(rt, schema, bytes, config.temperature);
      this.keepModel({ runId, rt, sample });
      return sample;
    } catch (error) {
      this.release(rt);
      throw error;
    }
  }

  private keepModel(next: StudioService['model']): void {
    if (!next) this.anyOrder.drop();
    if (this.model) this.release(this.model.rt);
    this.model = next;
  }

  async report(runId: string): Promise<ReportFiles> {
    return buildReport(await this.openRun(runId));
  }

  async checkpoint(runId: string): Promise<Uint8Array> {
    return this.recorder.latestCheckpoint(runId);
  }

  async onnx(runId: string): Promise<OnnxFiles> {
    const record = await this.openRun(runId);
    return onnxFiles(await this.checkpoint(runId), record.schema, ONNX_FILE_NAME);
  }

  imputeCsv(runId: string, file?: Blob): Promise<ImputeResult> {
    return this.anyOrder.impute(runId, file);
  }

  leastLikelyRows(runId: string, count: number, file?: Blob): Promise<LeastLikelyResult> {
    return this.anyOrder.leastLikely(runId, count, file);
  }

  rebalanceCsv(runId: string, request: RebalanceRequest, rows: number): Promise<RebalanceResult> {
    return this.anyOrder.rebalance(runId, request, rows);
  }
}
