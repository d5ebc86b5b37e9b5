/**
 * Keeps the runs of this session: each run's record, checkpoints and SFT progress in memory (so a
 * refused storage write loses nothing) and in IndexedDB, with the chart history folded from the
 * batched step events. Every refused write reaches the page the same way, as a storage-error event.
 */
import type { RunEvent } from '../align/run-events';
import type { Table } from '../data/types';
import { EventBatcher } from './event-batcher';
import type { PageRunEvent, RunRecord, RunStatus, StudioEvent } from './protocol';
import type { RoundView } from './round-view';
import { type RunDb, type SftProgress, StorageError } from './run-db';
import { foldEvents, toPageEvent } from './run-history';

/** During SFT the history is saved this often; round boundaries and status changes save at once. */
const SAVE_EVERY_MS = 10_000;

type OnEvent = (e: StudioEvent) => void;

/** What this session keeps in memory, by run id. */
interface Kept {
  records: Map<string, RunRecord>;
  checkpoints: Map<string, Uint8Array>;
  /** SFT saved between epochs, until the run's round-0 checkpoint: what a stop during SFT keeps. */
  sftProgress: Map<string, SftProgress>;
}

/** The one way a refused storage write is reported: the run goes on in memory, and the page says so. */
function reportStorage(runId: string, error: unknown, onEvent: OnEvent): void {
  const message = error instanceof StorageError ? error.message : new StorageError('the run', error).message;
  onEvent({ type: 'storage-error', runId, message });
}

export class RunRecorder {
  private readonly kept: Kept = { records: new Map(), checkpoints: new Map(), sftProgress: new Map() };

  constructor(private readonly db: RunDb) {}

  /** Saves a new run with the CSV it trains on. */
  async create(record: RunRecord, source: { fileName: string; bytes: Uint8Array }, onEvent: OnEvent): Promise<void> {
    await this.db.createRun(record, source).catch((e) => reportStorage(record.id, e, onEvent));
  }

  /**
   * Records a run as it goes. `view` draws a round's samples against the training rows;
   * `checkpoint` is the one a resumed run starts from.
   */
  begin(record: RunRecord, onEvent: OnEvent, view: (round: number, rows: Table) => RoundView, checkpoint?: Uint8Array): RunRecording {
    if (checkpoint) this.kept.checkpoints.set(record.id, checkpoint);
    return new RunRecording(this.db, this.kept, record, onEvent, view);
  }

  /** The run as this session last kept it, else as saved. */
  async find(runId: string): Promise<RunRecord | undefined> {
    return this.kept.records.get(runId) ?? (await this.db.getRun(runId));
  }

  /** Runs this session recorded, as they are now. */
  keptRuns(): RunRecord[] {
    return [...this.kept.records.values()];
  }

  async latestCheckpoint(runId: string): Promise<Uint8Array> {
    const inMemory = this.kept.checkpoints.get(runId);
    if (inMemory) return inMemory;
    const saved = await this.db.latestCheckpoint(runId);
    if (!saved) throw new Error('This run has no checkpoint yet; one is saved after SFT and after every round.');
    return saved.bytes;
  }

  async sftProgress(runId: string): Promise<SftProgress | undefined> {
    return this.kept.sftProgress.get(runId) ?? (await this.db.getSftProgress(runId));
  }

  async delete(runId: string): Promise<void> {
    this.kept.records.delete(runId);
    this.kept.checkpoints.delete(runId);
    this.kept.sftProgress.delete(runId);
    await this.db.deleteRun(runId);
  }
}

/** One run being recorded: its record as it is now, and its writes, saved one after another. */
export class RunRecording {
  private writes = Promise.resolve();
  private lastSave = Date.now();
  private readonly batcher = new EventBatcher<PageRunEvent>((events) => {
    this.record = { ...this.record, history: foldEvents(this.record.history, events) };
    this.onEvent({ type: 'run-events', runId: this.record.id, events });
  });

  constructor(
    private readonly db: RunDb,
    private readonly kept: Kept,
    public record: RunRecord,
    private readonly onEvent: OnEvent,
    private readonly view: (round: number, rows: Table) => RoundView,
  ) {}

  onRunEvent(e: RunEvent): void {
    const runId = this.record.id;
    if (e.type === 'checkpoint') {
      this.kept.checkpoints.set(runId, e.bytes);
      this.record = { ...this.record, lastCheckpointRound: e.round, sftEpochSaved: undefined };
      if (e.round === 0) {
        this.kept.sftProgress.delete(runId);
        this.write(() => this.db.deleteSftProgress(runId));
      }
      const bytes = e.bytes;
      this.write(() => this.db.saveCheckpoint(runId, e.round, bytes));
    }
    this.batcher.push(toPageEvent(e));
    if (e.type === 'round-samples') {
      const view = this.view(e.round, e.rows);
      this.record = { ...this.record, history: { ...this.record.history, latestView: view } };
      this.onEvent({ type: 'round-view', runId, view });
    }
    if (e.type === 'sft-step' || e.type === 'align-step') {
      if (Date.now() - this.lastSave > SAVE_EVERY_MS) {
        this.batcher.flush();
        this.persist();
      }
      return;
    }
    this.batcher.flush();
    this.persist();
  }

  saveSftProgress(saved: SftProgress): void {
    const runId = this.record.id;
    this.kept.sftProgress.set(runId, saved);
    this.record = { ...this.record, sftEpochSaved: saved.epoch };
    this.write(() => this.db.saveSftProgress(runId, saved));
    this.persist();
  }

  /** The run's end (or a change that ends its step events): the history so far is saved with it. */
  setStatus(status: RunStatus, message?: string): void {
    this.batcher.flush();
    this.record = { ...this.record, status, statusMessage: message };
    this.persist();
  }

  /** Paused or going again: only the status is saved. */
  markStatus(status: RunStatus): void {
    this.record = { ...this.record, status };
    const record = this.record;
    this.write(() => this.db.putRun(record));
  }

  /** Resolves once every write so far has been saved or reported. */
  saved(): Promise<void> {
    return this.writes;
  }

  private persist(): void {
    const snapshot = { ...this.record, updatedAt: Date.now() };
    this.kept.records.set(snapshot.id, snapshot);
    this.lastSave = snapshot.updatedAt;
    this.write(() => this.db.putRun(snapshot));
  }

  private write(job: () => Promise<void>): void {
    this.writes = this.writes.then(job).catch((e) => reportStorage(this.record.id, e, this.onEvent));
  }
}
