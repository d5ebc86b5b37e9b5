/** The page's one handle on the studio worker; every command goes through it. */
import { type Remote, wrap } from 'comlink';
import type { StudioApi } from '../worker/protocol';

let remote: Remote<StudioApi> | null = null;

export function studio(): Remote<StudioApi> {
  remote ??= wrap<StudioApi>(new Worker(new URL('../worker/studio-worker.ts', import.meta.url), { type: 'module', name: 'studio' }));
  return remote;
}

export { messageOf } from '../worker/protocol';
