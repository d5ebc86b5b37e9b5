import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from './compare-cells';
import { settingsDifferences } from './compare-settings';

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

export function sftCachePaths(dir: string, seed: number): { checkpoint: string; json: string } {
  return { checkpoint: join(dir, `sft-seed${seed}.ckpt`), json: join(dir, `sft-seed${seed}.json`) };
}

/**
 * The SFT checkpoint of a seed, shared by every cell of that seed: read from the cache folder when a
 * shard or an earlier run trained it with the same settings, else trained now and cached (checkpoint
 * first, then its JSON, each written atomically: a checkpoint counts once its JSON exists).
 */
export async function cachedSft(
  dir: string,
  seed: number,
  settings: Record<string, unknown>,
  train: () => Promise<{ checkpoint: Uint8Array; summary: unknown }>,
): Promise<{ checkpoint: Uint8Array; cached: boolean }> {
  const paths = sftCachePaths(dir, seed);
  if (existsSync(paths.json) && existsSync(paths.checkpoint)) {
    const file = JSON.parse(await readFile(paths.json, 'utf8')) as SftCacheFile;
    const differences = settingsDifferences(file.settings, settings);
    if (differences.length) {
      throw new Error(
        `${paths.checkpoint} was trained with other SFT settings: ${differences.join('; ')}. Use another --sft-cache (or --out) folder, or delete the two sft-seed${seed} files.`,
      );
    }
    return { checkpoint: new Uint8Array(await readFile(paths.checkpoint)), cached: true };
  }
  const started = performance.now();
  const { checkpoint, summary } = await train();
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
  return { checkpoint, cached: false };
}
