import { create } from 'zustand';
import type { ImputeResult, LeastLikelyResult, RebalanceRequest, RebalanceResult } from '../worker/protocol';
import { derivedName, downloadFile } from './download';
import { useRunStore } from './run-store';
import { messageOf, studio } from './studio-client';

/** Rows listed by "Least likely rows". */
export const LEAST_LIKELY_COUNT = 20;

type Job = 'impute' | 'rank' | 'rebalance';

interface AnyOrderState {
  busy: Job | null;
  error: { job: Job; message: string } | null;
  /** Another file with the run's columns to work on instead of the run's own table. */
  file: File | null;
  imputed: ImputeResult | null;
  ranked: LeastLikelyResult | null;
  rebalanced: RebalanceResult | null;
  setFile: (file: File | null) => void;
  impute: () => Promise<void>;
  downloadImputed: () => void;
  rank: () => Promise<void>;
  rebalance: (request: RebalanceRequest, rows: number) => Promise<void>;
}

/** Filling, ranking and rebalancing with the model of the run on screen (issue 18). */
export const useAnyOrderStore = create<AnyOrderState>((set, get) => {
  const act = async (job: Job, work: (runId: string, runName: string) => Promise<Partial<AnyOrderState>>) => {
    const run = useRunStore.getState().run;
    if (!run) return;
    set({ busy: job, error: null });
    try {
      set({ ...(await work(run.id, run.name)), busy: null });
    } catch (error) {
      set({ busy: null, error: { job, message: messageOf(error) } });
    }
  };
  return {
    busy: null,
    error: null,
    file: null,
    imputed: null,
    ranked: null,
    rebalanced: null,
    setFile: (file) => set({ file, imputed: null, ranked: null }),
    impute: () => act('impute', async (runId) => ({ imputed: await studio().imputeCsv(runId, get().file ?? undefined) })),
    downloadImputed: () => {
      const { imputed, file } = get();
      const run = useRunStore.getState().run;
      if (imputed && run) downloadFile(derivedName(file?.name ?? run.name, 'filled.csv'), imputed.csv, 'text/csv');
    },
    rank: () => act('rank', async (runId) => ({ ranked: await studio().leastLikelyRows(runId, LEAST_LIKELY_COUNT, get().file ?? undefined) })),
    rebalance: (request, rows) =>
      act('rebalance', async (runId, runName) => {
        const rebalanced = await studio().rebalanceCsv(runId, request, rows);
        downloadFile(derivedName(runName, `rebalanced-${request.column}.csv`), rebalanced.csv, 'text/csv');
        return { rebalanced };
      }),
  };
});

// Results belong to the run they were computed for.
useRunStore.subscribe((now, before) => {
  if (now.run?.id !== before.run?.id) useAnyOrderStore.setState({ file: null, imputed: null, ranked: null, rebalanced: null, error: null });
});
