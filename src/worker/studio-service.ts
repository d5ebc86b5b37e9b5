/**
 * The studio's worker side: holds the loaded table, runs one alignment at a time on the GPU,
 * streams its events to the page and keeps every run in IndexedDB so nothing computed is lost.
 */
import { type RunConfig, validateRunConfig } from '../align/run-config';
import type { RunEvent } from '../align/run-events';
import type { Schema, Table } from '../data/types';
import { messageOf } from '../error-message';
import type { GpuRuntime } from '../kernels/runtime';
import type { PresetName } from '../model/config';
import { AnyOrderHost } from './any-order-host';
import { EventBatcher } from './event-batcher';
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
  type PageRunEvent,
  type RebalanceRequest,
  type RebalanceResult,
  type ReportFiles,
  type RunRecord,
  type RunStatus,
  type RunSuggestion,
  type RunSummary,
  type SampleRequest,
  type StartOptions,
  type StudioApi,
  type StudioEvent,
} from './protocol';
import { type RoundView, roundDistributions } from './round-view';
import { type RunDb, type SftProgress, StorageError } from './run-db';
import { emptyHistory, foldEvents, historyUpToEpoch, toPageEvent } from './run-history';
import { buildReport } from './run-report';
import type { AlignmentInputs, AlignmentResult, StudioCore } from './studio-core';
import { guessTarget } from './target-guess';
import { estimateRun, nextPresetToMeasure, type PresetSpeed, pageDefaults, type RoundWorkSpeed, type RunTimeEstimate } from './time-estimate';

const PREVIEW_ROWS = 5;
export const ONNX_FILE_NAME = 'model.onnx';
/** During SFT the history is saved this often; round boundaries and status changes save at once. */
const SAVE_EVERY_MS = 10_000;

interface Dataset<Raw> {
  file: Blob;
  fileName: string;
  raw: Raw;
  schema: Schema;
}

/** This adapter's measured speed on the loaded table and schema; dropped when either changes. */
interface SpeedCache {
  adapterName: string;
  presets: Map<string, PresetSpeed>;
  roundWork: Map<string, RoundWorkSpeed>;
}

interface ActiveRun {
  record: RunRecord;
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

export class StudioService<Raw> implements StudioApi {
  private dataset: Dataset<Raw> | null = null;
  private speed: SpeedCache | null = null;
  /** Measurements run one at a time, and a run starts only after them: they share the GPU. */
  private measuring: Promise<unknown> = Promise.resolve();
  private active: ActiveRun | null = null;
  /** The one model kept on the GPU for sampling after its run: the last finished or loaded one. */
  private model: { runId: string; rt: GpuRuntime; sample: AlignmentResult['sample'] } | null = null;
  /** This session's runs and checkpoints stay in memory too, so a refused storage write loses nothing. */
  private readonly records = new Map<string, RunRecord>();
  private readonly checkpoints = new Map<string, Uint8Array>();
  /** SFT saved between epochs, until the run's round-0 checkpoint: what a stop during SFT keeps. */
  private readonly sftProgress = new Map<string, SftProgress>();
  /** A run's model loaded for filling, ranking and rebalancing (issue 18). */
  private readonly anyOrder = new AnyOrderHost<Raw>({
    loader: () => this.core.anyOrder,
    gpu: () => this.gpu(),
    release: (rt) => this.release(rt),
    openRun: (runId) => this.openRun(runId),
    checkpoint: (runId) => this.checkpoint(runId),
    parseCsv: async (file) => (await this.core.parseCsv(file, () => {})).raw,
    source: async (runId) => (await this.db.getSource(runId))?.bytes,
    dataset: () => this.dataset,
  });

  constructor(
    private readonly core: StudioCore<Raw>,
    private readonly db: RunDb,
    /** A fresh runtime (own buffer arena) on the shared device: one per run, one per loaded model. */
    private readonly newRuntime: () => Promise<GpuRuntime>,
  ) {}

  private async gpu(): Promise<GpuRuntime> {
    const rt = await this.newRuntime();
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
    const parsed = await this.core.parseCsv(file, onProgress);
    const inferred = this.core.inferSchema(parsed.raw);
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
  private setDataset(dataset: Dataset<Raw>): void {
    const previous = this.dataset;
    this.dataset = dataset;
    if (previous?.raw !== dataset.raw || JSON.stringify(previous.schema.columns) !== JSON.stringify(dataset.schema.columns)) this.speed = null;
  }

  private preview(raw: Raw, schema: Schema): Table {
    return firstRows(this.core.applySchema(raw, schema), PREVIEW_ROWS);
  }

  private loaded(): Dataset<Raw> {
    if (!this.dataset) throw new Error('No table is loaded. Drop a CSV file or try the demo first.');
    return this.dataset;
  }

  async reviseSchema(overrides: ColumnOverride[], target: string | undefined): Promise<Schema> {
    const data = this.loaded();
    let schema = this.core.inferSchema(data.raw).schema;
    for (const { name, kind, excluded } of overrides) {
      if (kind === undefined && excluded === undefined) continue;
      // excluded: true leaves it out, false brings back a column inference left out.
      schema = this.core.overrideColumn(data.raw, schema, name, { kind, excluded: excluded === undefined ? undefined : excluded ? EXCLUDED_BY_USER : null });
    }
    schema = withTarget(schema, target);
    this.setDataset({ ...data, schema });
    return schema;
  }

  /** The run's training and holdout rows: the seeded split, then the seeded training sample if one is asked for. */
  private tables(raw: Raw, schema: Schema, seed: number, trainRows: number | undefined): { train: Table; holdout: Table } {
    // Stratified by a class target only: a numeric target has a class per value, which would empty the holdout.
    const stratifyBy = schema.task === 'classification' ? schema.target : undefined;
    const { train, holdout } = this.core.splitTable(this.core.applySchema(raw, schema), seed, stratifyBy);
    const all = train.columns[0]?.length ?? 0;
    return { train: trainRows !== undefined && trainRows < all ? this.core.sampleRows(train, trainRows, seed) : train, holdout };
  }

  async startRun(config: RunConfig, onEvent: (e: StudioEvent) => void, options: StartOptions = {}): Promise<RunSummary> {
    await this.measuring.catch(() => {});
    this.assertIdle();
    validateRunConfig(config);
    const data = this.loaded();
    if (options.trainRows !== undefined && !(Number.isInteger(options.trainRows) && options.trainRows >= 1)) {
      throw new Error(`Training rows must be a positive whole number, got ${options.trainRows}.`);
    }
    const { train, holdout } = this.tables(data.raw, data.schema, config.seed, options.trainRows);
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
    await this.db.createRun(record, { fileName: data.fileName, bytes }).catch((e) => this.reportStorage(record.id, e, onEvent));
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
    const { raw } = await this.core.parseCsv(new Blob([source.bytes as BlobPart]), () => {});
    const { train, holdout } = this.tables(raw, record.schema, record.config.seed, record.trainRows);
    // Rounds after the checkpoint are recomputed, so their points are dropped. Without the SFT
    // checkpoint (the frozen reference) SFT goes on from its last saved epoch, or starts over.
    const progress = latest && sft ? undefined : (this.sftProgress.get(runId) ?? (await this.db.getSftProgress(runId)));
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

  private reportStorage(runId: string, error: unknown, onEvent: (e: StudioEvent) => void): void {
    const message = error instanceof StorageError ? error.message : new StorageError('the run', error).message;
    onEvent({ type: 'storage-error', runId, message });
  }

  private async drive(
    rt: GpuRuntime,
    record: RunRecord,
    train: Table,
    holdout: Table,
    resumeFrom: AlignmentInputs['resumeFrom'],
    onEvent: (e: StudioEvent) => void,
  ): Promise<void> {
    const run: ActiveRun = { record, rt, abort: new AbortController(), gate: new PauseGate(), deviceLost: null };
    this.active = run;
    if (resumeFrom && 'sft' in resumeFrom) this.checkpoints.set(record.id, resumeFrom.latest ?? resumeFrom.sft);
    let writes = Promise.resolve();
    let lastSave = Date.now();
    const persist = () => {
      const snapshot = { ...run.record, updatedAt: Date.now() };
      this.records.set(record.id, snapshot);
      lastSave = snapshot.updatedAt;
      writes = writes.then(() => this.db.putRun(snapshot)).catch((e) => this.reportStorage(record.id, e, onEvent));
    };
    const batcher = new EventBatcher<PageRunEvent>((events) => {
      run.record = { ...run.record, history: foldEvents(run.record.history, events) };
      onEvent({ type: 'run-events', runId: record.id, events });
    });
    const onRunEvent = (e: RunEvent) => {
      if (e.type === 'checkpoint') {
        this.checkpoints.set(record.id, e.bytes);
        run.record = { ...run.record, lastCheckpointRound: e.round, sftEpochSaved: undefined };
        if (e.round === 0) {
          this.sftProgress.delete(record.id);
          writes = writes.then(() => this.db.deleteSftProgress(record.id)).catch((err) => this.reportStorage(record.id, err, onEvent));
        }
        const bytes = e.bytes;
        writes = writes.then(() => this.db.saveCheckpoint(record.id, e.round, bytes)).catch((err) => this.reportStorage(record.id, err, onEvent));
      }
      batcher.push(toPageEvent(e));
      if (e.type === 'round-samples') this.postRoundView(run, e.round, train, e.rows, onEvent);
      if (e.type === 'sft-step' || e.type === 'align-step') {
        if (Date.now() - lastSave > SAVE_EVERY_MS) {
          batcher.flush();
          persist();
        }
        return;
      }
      batcher.flush();
      persist();
    };
    const setStatus = (status: RunStatus, message?: string) => {
      batcher.flush();
      run.record = { ...run.record, status, statusMessage: message };
      persist();
    };

    onEvent({ type: 'run-status', runId: record.id, status: 'running' });
    try {
      const result = await this.core.runAlignment({ rt, train, holdout, schema: record.schema, config: record.config, resumeFrom }, onRunEvent, {
        signal: run.abort.signal,
        paused: run.gate.wait,
        saveSftProgress: async (saved) => {
          this.sftProgress.set(record.id, saved);
          run.record = { ...run.record, sftEpochSaved: saved.epoch };
          writes = writes.then(() => this.db.saveSftProgress(record.id, saved)).catch((err) => this.reportStorage(record.id, err, onEvent));
          persist();
        },
      });
      this.keepModel({ runId: record.id, rt, sample: result.sample });
      setStatus('done');
    } catch (error) {
      if (run.deviceLost) setStatus('interrupted', run.deviceLost);
      else if (run.abort.signal.aborted) setStatus('stopped', `Stopped by you. ${keptMessage(run.record)}`);
      else setStatus('failed', messageOf(error));
      this.release(rt);
    }
    // Told only once saved, so a reload right after "done" finds the run done.
    await writes;
    this.active = null;
    const { status, statusMessage } = run.record;
    onEvent({ type: 'run-status', runId: record.id, status, message: statusMessage });
  }

  private postRoundView(run: ActiveRun, round: number, train: Table, rows: Table, onEvent: (e: StudioEvent) => void): void {
    const schema = run.record.schema;
    const view: RoundView = {
      round,
      distributions: roundDistributions(schema, train, rows),
      associationDiff: this.core.associationDiff(schema, train, rows),
    };
    run.record = { ...run.record, history: { ...run.record.history, latestView: view } };
    onEvent({ type: 'round-view', runId: run.record.id, view });
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
    const { train, holdout } = this.tables(data.raw, data.schema, config.seed, undefined);
    const rt = await this.gpu();
    try {
      const speed = await this.core.measurePresetSpeed({ rt, train, holdout, schema: data.schema, config: { ...config, target: data.schema.target } });
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
    const { train, holdout } = this.tables(data.raw, data.schema, config.seed, undefined);
    const work = await this.core.measureRoundWork({ train, holdout, schema: data.schema, config: { ...config, target: data.schema.target } });
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
    this.setActiveStatus('paused');
  }

  async resume(): Promise<void> {
    if (!this.active) return;
    this.active.gate.resume();
    this.setActiveStatus('running');
  }

  private setActiveStatus(status: RunStatus): void {
    const run = this.active!;
    run.record = { ...run.record, status };
    void this.db.putRun(run.record).catch(() => {});
  }

  async stop(): Promise<void> {
    if (!this.active) return;
    this.active.abort.abort(new Error('Stopped by the user.'));
    this.active.gate.resume();
  }

  /** A run saved as going that this worker is not running was cut off by a reload or a closed tab. */
  private asSeenNow<T extends RunSummary>(run: T): T {
    const going = run.status === 'running' || run.status === 'paused';
    if (!going || this.active?.record.id === run.id) return run;
    return {
      ...run,
      status: 'interrupted',
      statusMessage: `The page was closed or reloaded while this run was going. ${keptMessage(run)}`,
    };
  }

  async listRuns(): Promise<RunSummary[]> {
    const saved = (await this.db.listRuns()).map((r) => this.asSeenNow(r));
    const unsaved = [...this.records.values()].filter((r) => !saved.some((s) => s.id === r.id)).map(summaryOf);
    const fresh = saved.map((s) => (this.records.has(s.id) ? summaryOf(this.records.get(s.id)!) : s));
    return [...unsaved, ...fresh].sort((x, y) => y.createdAt - x.createdAt);
  }

  async openRun(runId: string): Promise<RunRecord> {
    if (this.active?.record.id === runId) return this.active.record;
    const record = this.records.get(runId) ?? (await this.db.getRun(runId));
    if (!record) throw new Error('This run is no longer in the browser storage.');
    return this.asSeenNow(record);
  }

  async deleteRun(runId: string): Promise<void> {
    if (this.active?.record.id === runId) throw new Error('This run is going. Stop it before deleting it.');
    if (this.model?.runId === runId) this.keepModel(null);
    this.anyOrder.drop(runId);
    this.records.delete(runId);
    this.checkpoints.delete(runId);
    this.sftProgress.delete(runId);
    await this.db.deleteRun(runId);
  }

  async sampleCsv(runId: string, request: SampleRequest): Promise<string> {
    if (!Number.isInteger(request.rows) || request.rows < 1) throw new Error(`Rows to sample must be a positive whole number, got ${request.rows}.`);
    const record = await this.openRun(runId);
    const sample = await this.samplerFor(runId, record.schema);
    const table = await sample(request.rows, request.where && Object.keys(request.where).length > 0 ? request.where : undefined);
    return this.core.tableToCsv(table, downloadSchema(record.schema));
  }

  private async samplerFor(runId: string, schema: Schema): Promise<AlignmentResult['sample']> {
    if (this.model?.runId === runId) return this.model.sample;
    const load = this.core.samplerFromCheckpoint;
    if (!load)
      throw new Error(
        'This run was trained before the page was reloaded and this build cannot load its model for sampling yet. Resume the run to sample from it.',
      );
    const bytes = await this.checkpoint(runId);
    const { config } = await this.openRun(runId);
    const rt = await this.gpu();
    try {
      const sample = await load(rt, schema, bytes, config.temperature);
      this.keepModel({ runId, rt, sample });
      return sample;
    } catch (error) {
      this.release(rt);
      throw error;
    }
  }

  private keepModel(next: StudioService<Raw>['model']): void {
    if (!next) this.anyOrder.drop();
    if (this.model) this.release(this.model.rt);
    this.model = next;
  }

  async report(runId: string): Promise<ReportFiles> {
    return buildReport(await this.openRun(runId));
  }

  async checkpoint(runId: string): Promise<Uint8Array> {
    const inMemory = this.checkpoints.get(runId);
    if (inMemory) return inMemory;
    const saved = await this.db.latestCheckpoint(runId);
    if (!saved) throw new Error('This run has no checkpoint yet; one is saved after SFT and after every round.');
    return saved.bytes;
  }

  async onnx(runId: string): Promise<OnnxFiles> {
    const exportOnnx = this.core.exportOnnx;
    if (!exportOnnx) throw new Error('ONNX export is not available in this build yet.');
    const record = await this.openRun(runId);
    return exportOnnx(await this.checkpoint(runId), record.schema, ONNX_FILE_NAME);
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
