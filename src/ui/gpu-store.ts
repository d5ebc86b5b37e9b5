import { create } from 'zustand';
import type { GpuInfo } from '../worker/protocol';
import { messageOf, studio } from './studio-client';

type GpuStatus = { state: 'probing' } | ({ state: 'ready' } & GpuInfo) | { state: 'unavailable'; message: string };

interface GpuStore {
  status: GpuStatus;
  probe: () => Promise<void>;
}

/** The worker owns the device; the page only learns whether there is one and what it is. */
export const useGpuStore = create<GpuStore>((set) => ({
  status: { state: 'probing' },
  probe: async () => {
    try {
      set({ status: { state: 'ready', ...(await studio().probeGpu()) } });
    } catch (error) {
      set({ status: { state: 'unavailable', message: messageOf(error) } });
    }
  },
}));
