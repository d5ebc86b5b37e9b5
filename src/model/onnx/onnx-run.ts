import type * as Ort from 'onnxruntime-web';
import { ONNX_INPUT, ONNX_OUTPUT } from './onnx-export';

/**
 * Runs an exported model on `batch` rows of `seqLen` token ids and returns the logits
 * [batch, seqLen, vocab]. The caller picks the onnxruntime-web entry (wasm in Node, webgpu in the
 * browser) and passes its namespace, so this file loads no runtime itself.
 */
export async function runOnnxLogits(
  ort: typeof Ort,
  session: Ort.InferenceSession,
  tokens: ArrayLike<number>,
  batch: number,
  seqLen: number,
): Promise<Float32Array> {
  if (tokens.length !== batch * seqLen) throw new Error(`ONNX run: ${tokens.length} token ids do not make ${batch} rows of ${seqLen}.`);
  const ids = new ort.Tensor('int64', BigInt64Array.from(Array.from(tokens, BigInt)), [batch, seqLen]);
  const result = await session.run({ [ONNX_INPUT]: ids });
  const logits = result[ONNX_OUTPUT];
  const data = logits.type === 'float32' ? await logits.getData() : undefined;
  if (!(data instanceof Float32Array)) throw new Error(`ONNX run: output "${ONNX_OUTPUT}" is ${logits.type}, expected float32.`);
  ids.dispose();
  logits.dispose();
  return data;
}
