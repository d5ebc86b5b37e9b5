import type * as tfc from '@tensorflow/tfjs';
import type { GptConfig } from '../../src/model/config';

type Tf = typeof tfc;
type Tensor = tfc.Tensor;
type Variable = tfc.Variable;

/**
 * The peer: the same GPT as ours written with TensorFlow.js ops and autodiff — pre-LayerNorm,
 * GELU (tanh approximation, as GPT-2), learned positions, tied head, causal attention, fp32,
 * trained with tfjs's Adam. `tf` is passed in so Node and the browser can bring their own bundle.
 */
export class TfjsGpt {
  readonly variables: Variable[] = [];
  private readonly wte: Variable;
  private readonly wpe: Variable;
  private readonly blocks: Array<Record<string, Variable>>;
  private readonly lnF: Record<string, Variable>;
  private readonly optimizer: tfc.AdamOptimizer;

  constructor(
    private readonly tf: Tf,
    readonly config: GptConfig,
    learningRate = 3e-4,
    seed = 1,
  ) {
    const d = config.dModel;
    let s = seed;
    const weight = (shape: number[], std = 0.02) => this.variable(tf.randomNormal(shape, 0, std, 'float32', s++));
    const ln = () => ({ g: this.variable(tf.ones([d])), b: this.variable(tf.zeros([d])) });
    this.wte = weight([config.vocabSize, d]);
    this.wpe = weight([config.contextLength, d]);
    this.blocks = [];
    for (let l = 0; l < config.layers; l++) {
      const ln1 = ln();
      const ln2 = ln();
      this.blocks.push({
        ln1g: ln1.g,
        ln1b: ln1.b,
        qkvW: weight([d, 3 * d]),
        qkvB: this.variable(tf.zeros([3 * d])),
        projW: weight([d, d]),
        projB: this.variable(tf.zeros([d])),
        ln2g: ln2.g,
        ln2b: ln2.b,
        fcW: weight([d, 4 * d]),
        fcB: this.variable(tf.zeros([4 * d])),
        fc2W: weight([4 * d, d]),
        fc2B: this.variable(tf.zeros([d])),
      });
    }
    const f = ln();
    this.lnF = { g: f.g, b: f.b };
    this.optimizer = tf.train.adam(learningRate);
  }

  /** Logits [rows·T, vocab] for int32 tokens [rows, T], T ≤ contextLength. */
  logits(tokens: Tensor): Tensor {
    const tf = this.tf;
    const [rows, T] = tokens.shape as [number, number];
    const { dModel: d, heads } = this.config;
    const hd = d / heads;
    let x = tf.reshape(tf.add(this.embed(tokens), tf.slice(this.wpe, [0, 0], [T, d])), [rows * T, d]);
    const mask = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9);
    const splitHeads = (t: Tensor) => tf.transpose(tf.reshape(t, [rows, T, heads, hd]), [0, 2, 1, 3]);
    for (const p of this.blocks) {
      const h = this.layerNorm(x, p.ln1g, p.ln1b);
      const [q, k, v] = tf.split(tf.add(tf.matMul(h, p.qkvW), p.qkvB), 3, 1).map(splitHeads);
      const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hd)), mask);
      const attended = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), v), [0, 2, 1, 3]), [rows * T, d]);
      x = tf.add(x, tf.add(tf.matMul(attended, p.projW), p.projB));
      const m = this.layerNorm(x, p.ln2g, p.ln2b);
      const fc = gelu(tf, tf.add(tf.matMul(m, p.fcW), p.fcB));
      x = tf.add(x, tf.add(tf.matMul(fc, p.fc2W), p.fc2B));
    }
    return tf.matMul(this.layerNorm(x, this.lnF.g, this.lnF.b), this.wte, false, true);
  }

  /** One Adam step on next-token cross-entropy; resolves with the loss, read back (the sync). */
  async trainStep(inputs: Tensor, targets: Tensor): Promise<number> {
    const tf = this.tf;
    const loss = this.optimizer.minimize(
      () => {
        const logits = this.logits(inputs);
        const labels = tf.oneHot(tf.reshape(targets, [-1]) as tfc.Tensor1D, this.config.vocabSize);
        return tf.losses.softmaxCrossEntropy(labels, logits) as tfc.Scalar;
      },
      true,
      this.variables,
    )!;
    const value = (await loss.data())[0];
    loss.dispose();
    return value;
  }

  /**
   * Samples `rows` sequences of `length` tokens after a start token, one token per forward pass
   * over the whole prefix (no KV cache: tfjs has none), reading each sampled column back.
   */
  async sample(rows: number, length: number, startToken = 0, seed = 7): Promise<Int32Array> {
    const tf = this.tf;
    const out = new Int32Array(rows * length);
    let prefix = tf.fill([rows, 1], startToken, 'int32');
    for (let t = 0; t < length; t++) {
      const next = tf.tidy(() => {
        const V = this.config.vocabSize;
        const logits = tf.reshape(this.logits(prefix), [rows, t + 1, V]);
        const last = tf.reshape(tf.slice(logits, [0, t, 0], [rows, 1, V]), [rows, V]) as tfc.Tensor2D;
        return tf.cast(tf.multinomial(last, 1, seed + t), 'int32');
      });
      const column = await next.data();
      for (let r = 0; r < rows; r++) out[r * length + t] = column[r];
      const grown = tf.concat([prefix, next], 1);
      prefix.dispose();
      next.dispose();
      prefix = grown;
    }
    prefix.dispose();
    return out;
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
    this.optimizer.dispose();
  }

  /**
   * Token embeddings [rows, T, d]. Gather's gradient needs UnsortedSegmentSum, which tfjs-wasm
   * lacks; there the same lookup is a one-hot matmul (2·T·V·d more FLOPs each way).
   */
  private embed(tokens: Tensor): Tensor {
    const tf = this.tf;
    if (tf.getKernel('UnsortedSegmentSum', tf.getBackend())) return tf.gather(this.wte, tokens);
    const [rows, T] = tokens.shape as [number, number];
    const oneHot = tf.oneHot(tf.reshape(tokens, [-1]) as tfc.Tensor1D, this.config.vocabSize);
    return tf.reshape(tf.matMul(oneHot, this.wte), [rows, T, this.config.dModel]);
  }

  private layerNorm(x: Tensor, gain: Tensor, bias: Tensor): Tensor {
    const tf = this.tf;
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), gain), bias);
  }

  private variable(initial: Tensor): Variable {
    const v = this.tf.variable(initial);
    initial.dispose();
    this.variables.push(v);
    return v;
  }
}

const GELU_C = Math.sqrt(2 / Math.PI);

function gelu(tf: Tf, x: Tensor): Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), GELU_C);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}
