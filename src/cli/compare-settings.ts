import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RunConfig } from '../align/run-config';
import type { EvalMode } from '../eval/evaluate';
import type { TableSources } from './load-tables';

export interface TableFile {
  name: string;
  sha256: string;
}

/** Everything a cell's numbers depend on besides its method, reward and seed. Cells merge only when these agree. */
export interface CompareSettings {
  config: Omit<RunConfig, 'method' | 'reward' | 'seed'>;
  tables: { train: TableFile; holdout: TableFile | null; split: number; trainRows: number | null; target: string | null };
  /** The evaluator's mode for every round's metrics. */
  evaluation: EvalMode;
}

/** Settings that only the rounds after SFT use: a cached SFT checkpoint serves any values of these. */
const ALIGNMENT_ONLY = [
  'rounds',
  'rowsPerRound',
  'filterFactor',
  'groupSize',
  'groupShare',
  'beta',
  'klWeight',
  'highNllWeight',
  'learningRate',
  'temperature',
] as const;

async function tableFile(path: string): Promise<TableFile> {
  return {
    name: basename(path),
    sha256: createHash('sha256')
      .update(await readFile(path))
      .digest('hex'),
  };
}

export async function compareSettings(
  base: RunConfig,
  sources: Omit<TableSources, 'seed'> & { train: string },
  evaluation: EvalMode,
): Promise<CompareSettings> {
  const { method: _method, reward: _reward, seed: _seed, ...config } = base;
  return {
    config,
    tables: {
      train: await tableFile(sources.train),
      holdout: sources.holdout ? await tableFile(sources.holdout) : null,
      split: sources.split,
      trainRows: sources.trainRows ?? null,
      target: sources.target ?? null,
    },
    evaluation,
  };
}

/** The part of the settings the SFT checkpoint depends on. */
export function sftSettings(settings: CompareSettings): Record<string, unknown> {
  const config: Record<string, unknown> = { ...settings.config };
  for (const key of ALIGNMENT_ONLY) delete config[key];
  return { config, tables: settings.tables };
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Paths (a.b.c) whose values differ between two settings objects; empty when they agree. */
export function settingsDifferences(a: unknown, b: unknown, path = ''): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => settingsDifferences(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b)) ? [] : [`${path || '(root)'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
}
