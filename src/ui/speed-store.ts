import { create } from 'zustand';
import type { Schema } from '../data/types';
import type { RunConfig, RunSuggestion } from '../worker/protocol';
import { messageOf, studio } from './studio-client';

interface SpeedState {
  /** Defaults measured for `schema` on this adapter; null until measured. */
  suggestion: RunSuggestion | null;
  schema: Schema | null;
  measuring: boolean;
  error: string | null;
  suggest: (schema: Schema, base: RunConfig) => Promise<void>;
}

/** The worker measures this GPU on the loaded table once per schema; the run form takes its defaults from it. */
export const useSpeedStore = create<SpeedState>((set, get) => ({
  suggestion: null,
  schema: null,
  measuring: false,
  error: null,
  suggest: async (schema, base) => {
    if (get().schema === schema) return;
    set({ schema, measuring: true, error: null });
    try {
      const suggestion = await studio().suggestRun(base);
      if (get().schema === schema) set({ suggestion, measuring: false });
    } catch (error) {
      if (get().schema === schema) set({ measuring: false, error: messageOf(error) });
    }
  },
}));
