/**
 * The studio's worker side: holds the loaded table, runs one alignment at a time on the GPU,
 * streams its events to the page and keeps every run in IndexedDB so nothing computed is lost.
 */
import { type RunConfig, validateRunConfig } from '../align/run-config';
import type { RunEvent } from '../align/run-events';
import type { Schema, Table } from '../data/types';
import type { GpuRuntime } from '../kernels/runtime';
import { EventBatcher } from './event-batcher';
import { PauseGate } from './pause-gate';
import {
  type ColumnOverride,
  EXCLUDED_BY_USER,
  type GpuInfo,
  type IngestProgress,
  type IngestResult,
  type OnnxFiles,
  type PageRunEvent,
  type ReportFiles,
  type RunRecord,
  type RunStatus,
  type RunSummary,
  type SampleRequest,
  type StudioApi,
  type StudioEvent,
} from './protocol';
import { roundDistributions, type RoundView } from './round-view';
import { type RunDb, StorageError } from './run-db';
import { emptyHistory, foldEvents, toPageEvent } from './run-history';
import { buildReport } from './run-report';
import type { AlignmentInputs, AlignmentResult, StudioCore } from './studio-core';

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

interface ActiveRun {
  record: RunRecord;
  rt: GpuRuntime;
  abort: AbortController;
  gate: PauseGate;
  deviceLost: string | null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstRows(table: Table, n: number): Table {
  return { header: table.header, columns: table.columns.map((c) => c.slice(0, n)) };
}

function summaryOf({ history: _history, ...summary }: RunRecord): RunSummary {
  return summary;
}

export class StudioService<Raw> implements StudioApi {
  private dataset: Dataset<Raw> | null = null;
  private active: ActiveRun | null = null;
  /** The one model kept on the GPU for sampling after its run: the last finished or loaded one. */
  private model: { runId: string; rt: GpuRuntime; sample: AlignmentResult['sample'] } | null = null;
  /** This session's runs and checkpoints stay in memory too, so a refused storage write loses nothing. */
  private readonly records = new Map<string, RunRecord>();
  private readonly checkpoints = new Map<string, Uint8Array>();

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
    const features = Object.entries(rt.ctx.features).filter(([, on]) => on).map(([name]) => name);
    return { adapterName: rt.ctx.adapterName, features, maxBufferBytes: rt.ctx.limits.maxBufferSize };
  }

  async ingest(file: Blob, fileName: string, onProgress: (p: IngestProgress) => void): Promise<IngestResult> {
    const parsed = await this.core.parseCsv(file, onProgress);
    const { schema, warnings } = this.core.inferSchema(parsed.raw);
    this.dataset = { file, fileName, raw: parsed.raw, schema };
    return { fileName, rowCount: schema.rowCount, schema, warnings: [...parsed.warnings, ...warnings], preview: this.preview(parsed.raw, schema) };
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
    if (target !== undefined) {
      const column = schema.columns.find((c) => c.name === target);
      if (!column) throw new Error(`The target column "${target}" is not in the table.`);
      if (column.excluded) throw new Error(`The target column "${target}" is excluded; include it or pick another target.`);
      schema = { ...schema, target, task: column.kind === 'numeric' ? 'regression' : 'classification' };
    } else {
      schema = { ...schema, target: undefined, task: undefined };
    }
    this.dataset = { ...data, schema };
    return schema;
  }

  async startRun(config: RunConfig, onEvent: (e: StudioEvent) => void): Promise<RunSummary> {
    this.assertIdle();
    validateRunConfig(config);
    const data = this.loaded();
    const { train, holdout } = this.core.splitTable(this.core.applySchema(data.raw, data.schema), config.seed, data.schema.target);
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
    const { train, holdout } = this.core.splitTable(this.core.applySchema(raw, record.schema), record.config.seed, record.schema.target);
    // Rounds after the checkpoint are recomputed, so their points are dropped; without the SFT
    // checkpoint (the frozen reference) the run starts over.
    const resumeFrom = latest && sft ? { sft, latest: latest.round > 0 ? latest.bytes : undefined } : undefined;
    const history = resumeFrom ? { ...record.history, rounds: record.history.rounds.filter((r) => r.round <= latest!.round) } : emptyHistory();
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
    if (resumeFrom) this.checkpoints.set(record.id, resumeFrom.latest ?? resumeFrom.sft);
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
        run.record = { ...run.record, lastCheckpointRound: e.round };
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
      const result = await this.core.runAlignment(
        { rt, train, holdout, schema: record.schema, config: record.config, resumeFrom },
        onRunEvent,
        { signal: run.abort.signal, paused: run.gate.wait },
      );
      this.keepModel({ runId: record.id, rt, sample: result.sample });
      setStatus('done');
    } catch (error) {
      if (run.deviceLost) setStatus('interrupted', run.deviceLost);
      else if (run.abort.signal.aborted) setStatus('stopped', 'Stopped by you. Resume it from the list to continue from its last checkpoint.');
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
    return { ...run, status: 'interrupted', statusMessage: 'The page was closed or reloaded while this run was going. Resume it from its last checkpoint.' };
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
    this.records.delete(runId);
    this.checkpoints.delete(runId);
    await this.db.deleteRun(runId);
  }

  async sampleCsv(runId: string, request: SampleRequest): Promise<string> {
    if (!Number.isInteger(request.rows) || request.rows < 1) throw new Error(`Rows to sample must be a positive whole number, got ${request.rows}.`);
    const record = await this.openRun(runId);
    const sample = await this.samplerFor(runId, record.schema);
    const table = await sample(request.rows, request.where && Object.keys(request.where).length > 0 ? request.where : undefined);
    return this.core.tableToCsv(table, record.schema);
  }

  private async samplerFor(runId: string, schema: Schema): Promise<AlignmentResult['sample']> {
    if (this.model?.runId === runId) return this.model.sample;
    const load = this.core.samplerFromCheckpoint;
    if (!load) throw new Error('This run was trained before the page was reloaded and this build cannot load its model for sampling yet. Resume the run to sample from it.');
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
}
