/**
 * Run history in IndexedDB: `runs` (summary + chart history), `sources` (the CSV bytes a run was
 * trained on, so it can be resumed after a reload) and `checkpoints` (model bytes per round).
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { RunRecord, RunSummary } from './protocol';

interface CheckpointEntry {
  runId: string;
  round: number;
  savedAt: number;
  bytes: ArrayBuffer;
}

interface SourceEntry {
  fileName: string;
  bytes: ArrayBuffer;
}

/** SFT saved between epochs (src/align SavedSftProgress), until the run's round-0 checkpoint replaces it. */
interface SftProgressEntry {
  runId: string;
  epoch: number;
  checkpoint: ArrayBuffer;
  best: ArrayBuffer;
}

export interface SftProgress {
  epoch: number;
  checkpoint: Uint8Array;
  best: Uint8Array;
}

interface StudioDb extends DBSchema {
  runs: { key: string; value: RunRecord; indexes: { createdAt: number } };
  sources: { key: string; value: SourceEntry };
  checkpoints: { key: [string, number]; value: CheckpointEntry; indexes: { runId: string } };
  sftProgress: { key: string; value: SftProgressEntry };
}

export const DB_NAME = 'tabgraa-studio';

/** A write IndexedDB refused, with what the user can do about it. */
export class StorageError extends Error {
  constructor(what: string, cause: unknown) {
    const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    const full = cause instanceof Error && cause.name === 'QuotaExceededError';
    super(
      full
        ? `Browser storage is full, so ${what} was not saved (${detail}). Delete past runs from the list or free disk space; the current run goes on in memory.`
        : `Could not save ${what} in the browser's storage (${detail}). The current run goes on in memory, but a reload will lose it.`,
    );
    this.name = 'StorageError';
  }
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function summary({ history: _history, ...rest }: RunRecord): RunSummary {
  return rest;
}

export class RunDb {
  private constructor(private readonly ready: Promise<IDBPDatabase<StudioDb>>) {
    // A failed open surfaces in each call that needs the database, not as an unhandled rejection.
    ready.catch(() => {});
  }

  /** Starts opening and returns at once, so the worker can answer the page before IndexedDB is ready. */
  static connect(name = DB_NAME): RunDb {
    return new RunDb(
      openDB<StudioDb>(name, 2, {
        upgrade(d, oldVersion) {
          if (oldVersion < 1) {
            d.createObjectStore('runs', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
            d.createObjectStore('sources');
            d.createObjectStore('checkpoints', { keyPath: ['runId', 'round'] }).createIndex('runId', 'runId');
          }
          if (oldVersion < 2) d.createObjectStore('sftProgress', { keyPath: 'runId' });
        },
      }),
    );
  }

  static async open(name = DB_NAME): Promise<RunDb> {
    const db = RunDb.connect(name);
    await db.ready;
    return db;
  }

  async close(): Promise<void> {
    (await this.ready).close();
  }

  private async write<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new StorageError(what, error);
    }
  }

  async createRun(record: RunRecord, source: { fileName: string; bytes: Uint8Array }): Promise<void> {
    await this.write('the new run', async () => {
      const tx = (await this.ready).transaction(['runs', 'sources'], 'readwrite');
      await Promise.all([
        tx.objectStore('runs').put(record),
        tx.objectStore('sources').put({ fileName: source.fileName, bytes: toArrayBuffer(source.bytes) }, record.id),
        tx.done,
      ]);
    });
  }

  async putRun(record: RunRecord): Promise<void> {
    await this.write('the run history', async () => (await this.ready).put('runs', record));
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    return (await this.ready).get('runs', id);
  }

  /** Newest first, without the chart history (the list does not need it). */
  async listRuns(): Promise<RunSummary[]> {
    const all = await (await this.ready).getAllFromIndex('runs', 'createdAt');
    return all.reverse().map(summary);
  }

  async getSource(id: string): Promise<{ fileName: string; bytes: Uint8Array } | undefined> {
    const entry = await (await this.ready).get('sources', id);
    return entry && { fileName: entry.fileName, bytes: new Uint8Array(entry.bytes) };
  }

  async saveCheckpoint(runId: string, round: number, bytes: Uint8Array): Promise<void> {
    await this.write(`the checkpoint of round ${round}`, async () =>
      (await this.ready).put('checkpoints', { runId, round, savedAt: Date.now(), bytes: toArrayBuffer(bytes) }),
    );
  }

  async latestCheckpoint(runId: string): Promise<{ round: number; bytes: Uint8Array } | undefined> {
    const range = IDBKeyRange.bound([runId, -Infinity], [runId, Infinity]);
    const cursor = await (await this.ready).transaction('checkpoints').store.openCursor(range, 'prev');
    return cursor ? { round: cursor.value.round, bytes: new Uint8Array(cursor.value.bytes) } : undefined;
  }

  async getCheckpoint(runId: string, round: number): Promise<Uint8Array | undefined> {
    const entry = await (await this.ready).get('checkpoints', [runId, round]);
    return entry && new Uint8Array(entry.bytes);
  }

  async checkpointRounds(runId: string): Promise<number[]> {
    const keys = await (await this.ready).getAllKeysFromIndex('checkpoints', 'runId', runId);
    return keys.map(([, round]) => round).sort((a, b) => a - b);
  }

  async saveSftProgress(runId: string, saved: SftProgress): Promise<void> {
    await this.write(`the SFT progress after epoch ${saved.epoch}`, async () =>
      (await this.ready).put('sftProgress', { runId, epoch: saved.epoch, checkpoint: toArrayBuffer(saved.checkpoint), best: toArrayBuffer(saved.best) }),
    );
  }

  async getSftProgress(runId: string): Promise<SftProgress | undefined> {
    const entry = await (await this.ready).get('sftProgress', runId);
    return entry && { epoch: entry.epoch, checkpoint: new Uint8Array(entry.checkpoint), best: new Uint8Array(entry.best) };
  }

  async deleteSftProgress(runId: string): Promise<void> {
    await this.write('the end of SFT', async () => (await this.ready).delete('sftProgress', runId));
  }

  async deleteRun(id: string): Promise<void> {
    const tx = (await this.ready).transaction(['runs', 'sources', 'checkpoints', 'sftProgress'], 'readwrite');
    const range = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
    await Promise.all([
      tx.objectStore('runs').delete(id),
      tx.objectStore('sources').delete(id),
      tx.objectStore('checkpoints').delete(range),
      tx.objectStore('sftProgress').delete(id),
      tx.done,
    ]);
  }
}
