import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SavedSftProgress } from '../align/run-session';
import { cachedSft, type SftResume, sftCachePaths } from './sft-cache';

const bytes = (...values: number[]) => new Uint8Array(values);
const progress = (epoch: number): SavedSftProgress => ({ epoch, checkpoint: bytes(epoch, 1), best: bytes(epoch, 2) });

describe('the SFT cache of compare', () => {
  it('keeps the state of every epoch while it trains, resumes a cut-off run there, and drops it once the checkpoint is cached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tabgraa-sft-cache-'));
    const settings = { config: { preset: 'tiny' } };
    const paths = sftCachePaths(dir, 3);

    const cutOff = cachedSft(dir, 3, settings, async ({ saved, save }: SftResume) => {
      expect(saved).toBeUndefined();
      await save(progress(1));
      await save(progress(2));
      throw new Error('the session ended');
    });
    await expect(cutOff).rejects.toThrow(/session ended/);
    expect(existsSync(paths.checkpoint)).toBe(false);
    expect(JSON.parse(readFileSync(paths.progress.json, 'utf8'))).toMatchObject({ seed: 3, epoch: 2, settings });

    await expect(cachedSft(dir, 3, { config: { preset: 'small' } }, async () => ({ checkpoint: bytes(0), summary: null }))).rejects.toThrow(
      /progress\.ckpt was trained with other SFT settings: config\.preset: "tiny" vs "small"/,
    );

    let resumedFrom: SftResume['saved'];
    const finished = await cachedSft(dir, 3, settings, async ({ saved }) => {
      resumedFrom = saved;
      return { checkpoint: bytes(9, 9), summary: { epochs: 3 } };
    });
    expect(resumedFrom).toEqual({ checkpoint: bytes(2, 1), best: bytes(2, 2) });
    expect(finished).toEqual({ checkpoint: bytes(9, 9), cached: false });
    expect(Object.values(paths.progress).some((path) => existsSync(path))).toBe(false);

    const again = await cachedSft(dir, 3, settings, async () => {
      throw new Error('a cached seed must not train again');
    });
    expect(again).toEqual({ checkpoint: bytes(9, 9), cached: true });
  });
});
