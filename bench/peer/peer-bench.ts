import type * as tfc from '@tensorflow/tfjs';
import type { GptConfig } from '../../src/model/config';
import { trainingBatch } from '../tokens';
import { TfjsGpt } from './tfjs-gpt';

export type PeerBackend = 'webgpu' | 'wasm';

/** One training step of the peer at a fixed batch of seeded tokens, and its sampling loop. */
export interface PeerRunner {
  backend: string;
  tokensPerStep: number;
  /** One Adam step; resolves with the loss after reading it back. */
  step(): Promise<number>;
  /** Samples `rows` rows of `rowTokens` tokens; resolves once all are read back. */
  sample(rows: number, rowTokens: number): Promise<Int32Array>;
  dispose(): void;
}

export function createPeerRunner(tf: typeof tfc, config: GptConfig, batch: number): PeerRunner {
  const model = new TfjsGpt(tf, config);
  const { inputs, targets } = trainingBatch(batch, config.contextLength, config.vocabSize);
  const x = tf.tensor2d(inputs, [batch, config.contextLength], 'int32');
  const y = tf.tensor2d(targets, [batch, config.contextLength], 'int32');
  return {
    backend: tf.getBackend(),
    tokensPerStep: batch * config.contextLength,
    step: () => model.trainStep(x, y),
    sample: (rows, rowTokens) => model.sample(rows, rowTokens),
    dispose: () => {
      model.dispose();
      x.dispose();
      y.dispose();
    },
  };
}
