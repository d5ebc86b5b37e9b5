import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RUN_CONFIG, type RunStatus, type RunSummary, type StudioEvent } from '../worker/protocol';

// The worker is replaced by a fake that records each command; the browser's download by a spy.
const fake = vi.hoisted(() => ({
  commands: [] as string[],
  onEvent: (_: StudioEvent) => {},
  onnxError: new Error('No checkpoint was saved for this run.'),
}));
const saved = vi.hoisted(() => [] as Array<[string, unknown, string]>);

const summary = (status: RunStatus): RunSummary => ({
  id: 'run-1',
  name: 'adult.csv',
  createdAt: 0,
  updatedAt: 0,
  status,
  schema: { version: 1, rowCount: 10, columns: [] },
  config: DEFAULT_RUN_CONFIG,
  lastCheckpointRound: 0,
});

vi.mock('./studio-client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./studio-client')>()),
  studio: () => ({
    startRun: async (_config: unknown, onEvent: (e: StudioEvent) => void) => {
      fake.commands.push('startRun');
      fake.onEvent = onEvent;
      return summary('running');
    },
    pause: async () => void fake.commands.push('pause'),
    resume: async () => void fake.commands.push('resume'),
    listRuns: async () => {
      fake.commands.push('listRuns');
      return [summary('running')];
    },
    report: async (id: string) => {
      fake.commands.push(`report ${id}`);
      return { json: '{}', markdown: '# Run' };
    },
    onnx: async () => {
      throw fake.onnxError;
    },
  }),
}));
vi.mock('./download', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./download')>()),
  downloadFile: (name: string, content: unknown, type: string) => void saved.push([name, content, type]),
}));

const { useRunStore } = await import('./run-store');
const { useRunsList } = await import('./runs-list-store');
const listReads = () => fake.commands.filter((c) => c === 'listRuns').length;

describe('the run store', () => {
  beforeEach(() => {
    fake.commands.length = 0;
    saved.length = 0;
  });

  it('has the runs list read again when the run on screen starts or changes status, not for its other events', async () => {
    await useRunStore.getState().start(DEFAULT_RUN_CONFIG, {});
    expect(listReads()).toBe(1);
    await vi.waitFor(() => expect(useRunsList.getState().runs.map((r) => r.id)).toEqual(['run-1']));
    await useRunStore.getState().pause();
    expect(listReads()).toBe(2);
    await useRunStore.getState().resume();
    expect(listReads()).toBe(3);
    fake.onEvent({ type: 'run-events', runId: 'run-1', events: [] });
    fake.onEvent({ type: 'storage-error', runId: 'run-1', message: 'quota exceeded' });
    expect(listReads()).toBe(3);
    fake.onEvent({ type: 'run-status', runId: 'run-1', status: 'done' });
    expect(listReads()).toBe(4);
    fake.onEvent({ type: 'run-status', runId: 'another-run', status: 'failed' });
    expect(listReads()).toBe(4);
  });

  it('fetches a file of the run on screen and saves it, busy meanwhile; a failure is kept until the next download or run', async () => {
    const report = useRunStore.getState().downloadReport('markdown');
    expect(useRunStore.getState().downloading).toBe('markdown');
    await report;
    expect(useRunStore.getState().downloading).toBeNull();
    expect(fake.commands).toContain('report run-1');
    expect(saved).toEqual([['adult-report.md', '# Run', 'text/markdown']]);

    await useRunStore.getState().downloadOnnx();
    expect(useRunStore.getState()).toMatchObject({ downloading: null, downloadError: 'No checkpoint was saved for this run.' });
    expect(saved).toHaveLength(1);

    await useRunStore.getState().downloadReport('json');
    expect(useRunStore.getState().downloadError).toBeNull();
    expect(saved.at(-1)).toEqual(['adult-report.json', '{}', 'application/json']);

    await useRunStore.getState().downloadOnnx();
    await useRunStore.getState().start(DEFAULT_RUN_CONFIG, {});
    expect(useRunStore.getState().downloadError).toBeNull();
  });
});
