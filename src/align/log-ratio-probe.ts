import { RowLogProbs } from '../model/row-log-probs';
import type { RunSession } from './run-session';

/**
 * Δ(y) = log πθ(y) − log πref(y) of any rows (method.md §4), by forward-only passes of the policy
 * and the frozen reference. Diagnostics only: the training steps compute their own.
 */
export class LogRatioProbe {
  private readonly policy: RowLogProbs;
  private readonly reference: RowLogProbs;

  constructor(session: RunSession) {
    const { codec, model } = session;
    const shape = { batch: 2 * session.config.groupSize, seqLen: codec.seqLen, valueTokenStart: codec.valueTokenStart };
    this.policy = new RowLogProbs(model, shape);
    this.reference = new RowLogProbs(model, { ...shape, params: session.reference });
  }

  /** Δ of every row of `tokens` (rows × seqLen). */
  async logRatios(tokens: Uint32Array): Promise<Float64Array> {
    const policy = await this.policy.of(tokens);
    const reference = await this.reference.of(tokens);
    return Float64Array.from(policy, (logp, i) => logp - reference[i]);
  }
}

const probes = new WeakMap<RunSession, LogRatioProbe>();

export function logRatioProbe(session: RunSession): LogRatioProbe {
  let probe = probes.get(session);
  if (!probe) {
    probe = new LogRatioProbe(session);
    probes.set(session, probe);
  }
  return probe;
}
