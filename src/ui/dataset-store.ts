import { proxy } from 'comlink';
import { create } from 'zustand';
import type { Schema, Table } from '../data/types';
import { type ColumnOverride, EXCLUDED_BY_USER, type IngestProgress, type TargetGuess } from '../worker/protocol';
import { messageOf, studio } from './studio-client';

export const DEMO_URL = '/adult.csv';

interface DatasetState {
  phase: 'empty' | 'parsing' | 'ready' | 'error';
  fileName: string;
  progress: IngestProgress | null;
  schema: Schema | null;
  preview: Table | null;
  warnings: string[];
  /** The field delimiter in words, as the worker detected it. */
  delimiter: string;
  /** Set while the target on screen is the worker's guess, not the user's pick. */
  targetGuess: TargetGuess | null;
  overrides: Record<string, ColumnOverride>;
  /** A load that failed, verbatim from the data layer. */
  error: string | null;
  /** A schema change the worker refused; the previous schema stays. */
  schemaError: string | null;
  load: (file: Blob, fileName: string) => Promise<void>;
  loadDemo: () => Promise<void>;
  setKind: (name: string, kind: 'numeric' | 'categorical') => Promise<void>;
  setExcluded: (name: string, excluded: boolean) => Promise<void>;
  setTarget: (name: string | undefined) => Promise<void>;
}

export const useDatasetStore = create<DatasetState>((set, get) => {
  /** `shown` is drawn at once (a checkbox or radio must not flicker back); the worker's answer replaces it. */
  const revise = async (overrides: Record<string, ColumnOverride>, target: string | undefined, shown?: Schema) => {
    const before = get().schema;
    if (shown) set({ schema: shown });
    try {
      const schema = await studio().reviseSchema(Object.values(overrides), target);
      set({ schema, overrides, schemaError: null });
    } catch (error) {
      set({ schema: before, schemaError: messageOf(error) });
    }
  };
  const override = (name: string, change: Partial<ColumnOverride>, shown?: Schema) => {
    const { overrides, schema } = get();
    return revise({ ...overrides, [name]: { ...overrides[name], name, ...change } }, schema?.target, shown);
  };

  return {
    phase: 'empty',
    fileName: '',
    progress: null,
    schema: null,
    preview: null,
    warnings: [],
    delimiter: '',
    targetGuess: null,
    overrides: {},
    error: null,
    schemaError: null,
    load: async (file, fileName) => {
      set({ phase: 'parsing', fileName, progress: { bytesRead: 0, totalBytes: file.size }, error: null, schemaError: null });
      try {
        const result = await studio().ingest(
          file,
          fileName,
          proxy((progress: IngestProgress) => set({ progress })),
        );
        set({
          phase: 'ready',
          schema: result.schema,
          preview: result.preview,
          warnings: result.warnings,
          delimiter: result.delimiter,
          targetGuess: result.targetGuess,
          overrides: {},
        });
      } catch (error) {
        set({ phase: 'error', error: messageOf(error), schema: null, preview: null, warnings: [] });
      }
    },
    loadDemo: async () => {
      set({ phase: 'parsing', fileName: 'adult.csv', progress: null, error: null });
      try {
        const response = await fetch(DEMO_URL);
        if (!response.ok) throw new Error(`The demo table could not be loaded (HTTP ${response.status}). Drop a CSV file of your own instead.`);
        await get().load(await response.blob(), 'adult.csv');
      } catch (error) {
        set({ phase: 'error', error: messageOf(error) });
      }
    },
    setKind: (name, kind) => override(name, { kind }),
    setExcluded: (name, excluded) => {
      const schema = get().schema;
      const shown = schema && {
        ...schema,
        columns: schema.columns.map((c) => (c.name === name ? { ...c, excluded: excluded ? EXCLUDED_BY_USER : undefined } : c)),
      };
      return override(name, { excluded }, shown ?? undefined);
    },
    setTarget: (name) => {
      const schema = get().schema;
      set({ targetGuess: null });
      return revise(get().overrides, name, schema ? { ...schema, target: name } : undefined);
    },
  };
});
