import { proxy } from 'comlink';
import { create } from 'zustand';
import type { RunConfig } from '../align/run-config';
import type { RunStatus, RunSummary, SampleRequest, StartOptions, StudioEvent } from '../worker/protocol';
import { emptyHistory, foldEvents, type RunHistory, upgradeHistory } from '../worker/protocol';
import type { RoundView } from '../worker/round-view';
import { derivedName, downloadFile } from './download';
import type { Timing } from './eta';
import { messageOf, studio } from './studio-client';

/** A file of the run on screen that the Downloads panel fetches from the worker and saves. */
export type RunFile = 'csv' | 'json' | 'markdown' | 'checkpoint' | 'onnx';

/** The run on screen: the live one, or a past one reopened from the list. */
interface RunState {
  run: RunSummary | null;
  status: RunStatus | 'idle' | 'starting';
  statusMessage: string | null;
  history: RunHistory;
  view: RoundView | null;
  timing: Timing;
  storageError: string | null;
  /** A command the worker refused (start, resume, open), verbatim. */
  error: string | null;
  start: (config: RunConfig, options: StartOptions) => Promise<void>;
  resumePast: (id: string) => Promise<void>;
  open: (id: string) => Promise<void>;
  pause: () => Promise<void>;
  resume: () => Promise<void>;
  stop: () => Promise<void>;
  /** The file being fetched and saved (one at a time), and why the last one failed, verbatim. */
  downloading: RunFile | null;
  downloadError: string | null;
  downloadCsv: (request: SampleRequest) => Promise<void>;
  downloadReport: (format: 'json' | 'markdown') => Promise<void>;
  downloadCheckpoint: () => Promise<void>;
  downloadOnnx: () => Promise<void>;
}

const noTiming = (): Timing => ({ roundEndedAt: [] });

export const useRunStore = create<RunState>((set, get) => {
  /** Events that overtake the reply to start/resume (the worker starts before it answers). */
  let early: StudioEvent[] = [];
  const refreshSummary = async (id: string) => {
    try {
      const { history: _history, ...run } = await studio().openRun(id);
      if (get().run?.id === id) set({ run });
    } catch (error) {
      set({ error: messageOf(error) });
    }
  };
  const onEvent = (e: StudioEvent) => {
    if (get().status === 'starting' && !get().run) {
      early.push(e);
      return;
    }
    if (e.runId !== get().run?.id) return;
    switch (e.type) {
      case 'run-events': {
        const now = Date.now();
        const ended = e.events.filter((x) => x.type === 'round-eval').map(() => now);
        set({ history: foldEvents(get().history, e.events), timing: { roundEndedAt: [...get().timing.roundEndedAt, ...ended] } });
        return;
      }
      case 'round-view':
        set({ view: e.view });
        return;
      case 'run-status':
        set({ status: e.status, statusMessage: e.message ?? null });
        // The summary (last checkpoint, saved SFT epoch) moved during the run; the resume button reads it.
        if (e.status !== 'running' && e.status !== 'paused') void refreshSummary(e.runId);
        return;
      case 'storage-error':
        set({ storageError: e.message });
    }
  };
  const launch = async (command: () => Promise<RunSummary>, history: RunHistory, view: RoundView | null) => {
    set({ status: 'starting', error: null, storageError: null, statusMessage: null });
    try {
      const run = await command();
      set({ run, status: 'running', history, view, timing: noTiming() });
      const overtaken = early;
      early = [];
      overtaken.forEach(onEvent);
    } catch (error) {
      early = [];
      set({ status: 'idle', error: messageOf(error) });
    }
  };
  const events = proxy(onEvent);
  const download = async (file: RunFile, save: (run: RunSummary) => Promise<void>) => {
    const { run } = get();
    if (!run) return;
    set({ downloading: file, downloadError: null });
    try {
      await save(run);
    } catch (error) {
      set({ downloadError: messageOf(error) });
    } finally {
      set({ downloading: null });
    }
  };

  return {
    run: null,
    status: 'idle',
    statusMessage: null,
    history: emptyHistory(),
    view: null,
    timing: noTiming(),
    storageError: null,
    error: null,
    downloading: null,
    downloadError: null,
    start: async (config, options) => {
      set({ run: null, downloadError: null });
      await launch(() => studio().startRun(config, events, options), emptyHistory(), null);
    },
    resumePast: async (id) => {
      try {
        const record = await studio().openRun(id);
        set({ run: null, downloadError: null });
        await launch(() => studio().resumeRun(id, events), upgradeHistory(record.history), record.history.latestView);
      } catch (error) {
        set({ error: messageOf(error) });
      }
    },
    open: async (id) => {
      try {
        const { history: saved, ...run } = await studio().openRun(id);
        const history = upgradeHistory(saved);
        set({ run, history, view: history.latestView, status: run.status, statusMessage: run.statusMessage ?? null, timing: noTiming(), error: null });
      } catch (error) {
        set({ error: messageOf(error) });
      }
    },
    pause: async () => {
      await studio().pause();
      set({ status: 'paused' });
    },
    resume: async () => {
      await studio().resume();
      set({ status: 'running' });
    },
    stop: () => studio().stop(),
    downloadCsv: (request) =>
      download('csv', async (run) => downloadFile(derivedName(run.name, 'synthetic.csv'), await studio().sampleCsv(run.id, request), 'text/csv')),
    downloadReport: (format) =>
      download(format, async (run) => {
        const files = await studio().report(run.id);
        if (format === 'json') downloadFile(derivedName(run.name, 'report.json'), files.json, 'application/json');
        else downloadFile(derivedName(run.name, 'report.md'), files.markdown, 'text/markdown');
      }),
    downloadCheckpoint: () =>
      download('checkpoint', async (run) =>
        downloadFile(derivedName(run.name, 'checkpoint.bin'), (await studio().checkpoint(run.id)) as BlobPart, 'application/octet-stream'),
      ),
    downloadOnnx: () =>
      download('onnx', async (run) => {
        const files = await studio().onnx(run.id);
        downloadFile('model.onnx', files.model as BlobPart, 'application/octet-stream');
        downloadFile('model.onnx.json', files.sidecar, 'application/json');
      }),
  };
});
