import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { quoteForMessage } from '../data/quote-for-message';

/** A checkpoint given as a file, or as the folder `tabgraa fit --checkpoint DIR` wrote (its latest.ckpt). */
export async function resolveCheckpointPath(path: string): Promise<string> {
  const info = await stat(path).catch(() => {
    throw new Error(`There is no checkpoint at ${quoteForMessage(path, 200)}: give the folder passed to 'tabgraa fit --checkpoint', or a .ckpt file.`);
  });
  return info.isDirectory() ? join(path, 'latest.ckpt') : path;
}

export async function readCheckpointFile(path: string): Promise<Uint8Array> {
  const file = await resolveCheckpointPath(path);
  return new Uint8Array(
    await readFile(file).catch(() => {
      throw new Error(`Cannot read the checkpoint ${quoteForMessage(file, 200)}: give the folder passed to 'tabgraa fit --checkpoint', or a .ckpt file.`);
    }),
  );
}
