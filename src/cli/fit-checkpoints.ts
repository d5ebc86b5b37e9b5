import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunInputs } from '../align/run-alignment';
import type { SavedSftProgress } from '../align/run-session';
import { quoteForMessage } from '../data/quote-for-message';
import { writeAtomically } from './write-atomically';

/** What `fit --checkpoint DIR` keeps in DIR: the SFT model, every round, the latest, and SFT between epochs. */
const FILES = { sft: 'sft.ckpt', latest: 'latest.ckpt', sftProgress: 'sft-progress.ckpt', sftBest: 'sft-best.f32' } as const;

export function roundCheckpointWrites(dir: string, round: number, bytes: Uint8Array): Promise<void> {
  const name = round === 0 ? FILES.sft : `round-${round}.ckpt`;
  return writeAtomically(join(dir, name), bytes).then(() => writeAtomically(join(dir, FILES.latest), bytes));
}

export async function saveSftProgress(dir: string, saved: SavedSftProgress): Promise<void> {
  // The best parameters first: a progress checkpoint on disk always has its best parameters beside it.
  await writeAtomically(join(dir, FILES.sftBest), saved.best);
  await writeAtomically(join(dir, FILES.sftProgress), saved.checkpoint);
}

async function readIfThere(path: string): Promise<Uint8Array | undefined> {
  return readFile(path).then(
    (b) => new Uint8Array(b),
    () => undefined,
  );
}

/** `fit --resume`: the rounds after the latest checkpoint, or the SFT epochs after the last saved one. */
export async function resumePoint(dir: string): Promise<NonNullable<RunInputs['resumeFrom']>> {
  const sft = await readIfThere(join(dir, FILES.sft));
  if (sft) return { sft, latest: await readIfThere(join(dir, FILES.latest)) };
  const checkpoint = await readIfThere(join(dir, FILES.sftProgress));
  const best = await readIfThere(join(dir, FILES.sftBest));
  if (checkpoint && best) return { sftProgress: { checkpoint, best } };
  throw new Error(
    `Nothing to resume in ${quoteForMessage(dir, 200)}: it holds neither ${FILES.sft} nor ${FILES.sftProgress}. Run fit without --resume to start.`,
  );
}
