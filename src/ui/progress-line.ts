import { plural, type RunConfig, type RunHistory } from '../worker/protocol';

function sftProgress(h: RunHistory, config: RunConfig): string {
  if (h.sftSteps === 0) return 'SFT: starting';
  const epochs = config.epochs === 'auto' ? `epoch ${h.sftEpoch} of at most ${h.sftMaxEpochs || config.maxEpochs}` : `epoch ${h.sftEpoch} of ${config.epochs}`;
  return `SFT ${epochs}, step ${h.sftSteps.toLocaleString('en')} of ${config.epochs === 'auto' ? 'at most ' : ''}${h.sftTotalSteps.toLocaleString('en')}`;
}

/** Where the run is, in counts: SFT epoch and step, then the round and its alignment step. */
export function progressLine(h: RunHistory, config: RunConfig): string {
  const evaluated = h.rounds.at(-1)?.round ?? null;
  if (h.phase === 'idle') return 'Starting';
  if (h.phase === 'sft') return evaluated === null ? sftProgress(h, config) : 'SFT done: evaluating the SFT model (round 0)';
  if (h.phase === 'done') {
    const epochs = h.sftEpochs.length > 0 ? ` over ${plural(h.sftEpochs.length, 'epoch')}` : '';
    return `Finished: ${plural(h.sftSteps, 'SFT step')}${epochs}, ${plural(evaluated ?? 0, 'alignment round')}`;
  }
  const latest = h.align.at(-1);
  if (latest && evaluated !== null && latest.round > evaluated) {
    return `Round ${latest.round} of ${config.rounds}: alignment step ${latest.step} of ${h.alignTotalSteps}`;
  }
  const next = (evaluated ?? 0) + 1;
  return next > config.rounds ? `All ${plural(config.rounds, 'round')} evaluated` : `Round ${next} of ${config.rounds}: scoring rows and aligning`;
}
