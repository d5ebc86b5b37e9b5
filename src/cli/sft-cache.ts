import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SavedSftProgress } from '../align/run-session';
import { settingsDifferences } from './compare-settings';
import { writeAtomically } from './write-atomically';

/** DIR/sft-seed<S>.json beside the checkpoint DIR/sft-seed<S>.ckpt: what it was trained with, and how SFT went. */
export interface SftCacheFile {
  kind: 'tabgraa-compare-sft';
  version: 1;
  seed: number;
  settings: Record<string, unknown>;
  seconds: number;
  /** The SFT phase's epochs and stop reason, when the session reports them. */
  summary: unknown;
}

/** DIR/sft-seed<S>.progress.json beside the SFT state saved after each epoch: what it is training with, and the epoch it reached. */
interface SftProgressFile {
  kind: 'tabgraa-compare-sft-progress';
  version: 1;
  seed: number;
  settings: Record<string, unknown>;
  epoch: number;
}

export function sftCachePaths(dir: string, seed: number) {
  const base = join(dir, `sft-seed${seed}`);
  return {
    checkpoint: `${base}.ckpt`,
    json: `${base}.json`,
    progress: { checkpoint: `${base}.progress.ckpt`, best: `${base}.progress-best.f32`, json: `${base}.progress.json` },
  };
}

/** What the SFT callback gets: the state to resume from, if an earlier run was cut off, and where to save its own after each epoch. */
export interface SftResume {
  saved?: Pick<SavedSftProgress, 'checkpoint' | 'best'>;
  save: (saved: SavedSftProgress) => Promise<void>;
}

function assertSameSftSettings(path: string, found: Record<string, unknown>, expected: Record<string, unknown>, seed: number): void {
  const differences = settingsDifferences(found, expected);
  if (differences.length) {
    throw new Error(
      `${path} was trained with other SFT settings: ${differences.join('; ')}. Use another --sft-cache (or --out) folder, or delete the sft-seed${seed} files.`,
    );
  }
}

async function savedProgress(paths: ReturnType<typeof sftCachePaths>, seed: number, settings: Record<string, unknown>): Promise<SftResume['saved']> {
  const { progress } = paths;
  if (!existsSync(progress.json) || !existsSync(progress.checkpoint) || !existsSync(progress.best)) return undefined;
  const file = JSON.parse(await readFile(progress.json, 'utf8')) as SftProgressFile;
  assertSameSftSettings(progress.checkpoint, file.settings, settings, seed);
  return { checkpoint: new Uint8Array(await readFile(progress.checkpoint)), best: new Uint8Array(await readFile(progress.best)) };
}

/**
 * The SFT checkpoint of a seed, shared by every cell of that seed: read from the cache folder when a
 * shard or an earlier run trained it with the same settings, else trained now and cached (checkpoint
 * first, then its JSON, each written atomically: a checkpoint counts once its JSON exists). While it
 * trains, its state after every epoch is kept beside it, so a run cut off mid-SFT resumes there.
 */
export async function cachedSft(
  dir: string,
  seed: number,
  settings: Record<string, unknown>,
  train: (resume: SftResume) => Promise<{ checkpoint: Uint8Array; summary: unknown }>,
): Promise<{ checkpoint: Uint8Array; cached: boolean }> {
  const paths = sftCachePaths(dir, seed);
  if (existsSync(paths.json) && existsSync(paths.checkpoint)) {
    const file = JSON.parse(await readFile(paths.json, 'utf8')) as SftCacheFile;
    assertSameSftSettings(paths.checkpoint, file.settings, settings, seed);
    return { checkpoint: new Uint8Array(await readFile(paths.checkpoint)), cached: true };
  }
  const started = performance.now();
  const save = async (saved: SavedSftProgress) => {
    // The best parameters and the state first; the JSON last marks the three as one save.
    await writeAtomically(paths.progress.best, saved.best);
    await writeAtomically(paths.progress.checkpoint, saved.checkpoint);
    const file: SftProgressFile = { kind: 'tabgraa-compare-sft-progress', version: 1, seed, settings, epoch: saved.epoch };
    await writeAtomically(paths.progress.json, JSON.stringify(file, null, 2));
  };
  const { checkpoint, summary } = await train({ saved: await savedProgress(paths, seed, settings), save });
  await writeAtomically(paths.checkpoint, checkpoint);
  const file: SftCacheFile = {
    kind: 'tabgraa-compare-sft',
    version: 1,
    seed,
    settings,
    seconds: (performance.now() - started) / 1000,
    summary: summary ?? null,
  };
  await writeAtomically(paths.json, JSON.stringify(file, null, 2));
  await Promise.all(Object.values(paths.progress).map((path) => rm(path, { force: true })));
  return { checkpoint, cached: false };
}
