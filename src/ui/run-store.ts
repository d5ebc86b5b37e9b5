import { proxy } from 'comlink';
import { create } from 'zustand';
import type { RunConfig } from '../align/run-config';
import type { RunStatus, RunSummary, StartOptions, StudioEvent } from '../worker/protocol';
import { emptyHistory, foldEvents, type RunHistory, upgradeHistory } from '../worker/protocol';
import type { RoundView } from '../worker/round-view';
import type { Timing } from './eta';
import { useRunsList } from './runs-list-store';
import { messageOf, studio } from './studio-client';

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
}

const noTiming = (): Timing => ({ roundEndedAt: [] });

export const useRunStore = create<RunState>((set, get) => {
  /** Events that overtake the reply to start/resume (the worker starts before it answers). */
  let early: StudioEvent[] = [];
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
        void useRunsList.getState().refresh();
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
      void useRunsList.getState().refresh();
    } catch (error) {
      early = [];
      set({ status: 'idle', error: messageOf(error) });
    }
  };
  const events = proxy(onEvent);

  return {
    run: null,
    status: 'idle',
    statusMessage: null,
    history: emptyHistory(),
    view: null,
    timing: noTiming(),
    storageError: null,
    error: null,
    start: async (config, options) => {
      set({ run: null });
      await launch(() => studio().startRun(config, events, options), emptyHistory(), null);
    },
    resumePast: async (id) => {
      try {
        const record = await studio().openRun(id);
        set({ run: null });
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
      void useRunsList.getState().refresh();
    },
    resume: async () => {
      await studio().resume();
      set({ status: 'running' });
      void useRunsList.getState().refresh();
    },
    stop: () => studio().stop(),
  };
});
