import { create } from 'zustand';
import type { RunSummary } from '../worker/protocol';
import { useRunStore } from './run-store';
import { messageOf, studio } from './studio-client';

interface RunsListState {
  runs: RunSummary[];
  error: string | null;
  refresh: () => Promise<void>;
  remove: (id: string) => Promise<void>;
}

export const useRunsList = create<RunsListState>((set, get) => ({
  runs: [],
  error: null,
  refresh: async () => {
    try {
      set({ runs: await studio().listRuns(), error: null });
    } catch (error) {
      set({ error: `Past runs could not be read from the browser storage: ${messageOf(error)}` });
    }
  },
  remove: async (id) => {
    try {
      await studio().deleteRun(id);
      await get().refresh();
    } catch (error) {
      set({ error: messageOf(error) });
    }
  },
}));

// The list shows each run's status: read it again when the run on screen starts, is reopened, or its status changes.
useRunStore.subscribe((now, before) => {
  if (!now.run || now.status === 'starting' || now.status === 'idle') return;
  if (now.run.id !== before.run?.id || now.status !== before.status || now.statusMessage !== before.statusMessage) void useRunsList.getState().refresh();
});
