import { create } from 'zustand';
import { acquireGpu } from '../kernels/gpu-context';

type GpuStatus =
  | { state: 'probing' }
  | { state: 'ready'; adapterName: string; features: string[] }
  | { state: 'unavailable'; message: string };

interface GpuStore {
  status: GpuStatus;
  probe: () => Promise<void>;
}

export const useGpuStore = create<GpuStore>((set) => ({
  status: { state: 'probing' },
  probe: async () => {
    try {
      const ctx = await acquireGpu(navigator.gpu);
      const features = Object.entries(ctx.features).filter(([, on]) => on).map(([name]) => name);
      set({ status: { state: 'ready', adapterName: ctx.adapterName, features } });
      ctx.device.destroy();
    } catch (error) {
      set({ status: { state: 'unavailable', message: error instanceof Error ? error.message : String(error) } });
    }
  },
}));
