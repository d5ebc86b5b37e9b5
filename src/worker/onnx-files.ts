/** A run's checkpoint as an ONNX model with its grammar sidecar (CPU work: no GPU needed). */
import type { Schema } from '../data/types';
import { decodeCheckpoint } from '../model/checkpoint';
import { exportGptToOnnx } from '../model/onnx/onnx-export';
import { codecGrammar, onnxSidecar } from '../model/onnx/onnx-sidecar';
import { codecOf } from './checkpoint-codec';
import type { OnnxFiles } from './protocol';

export function onnxFiles(bytes: Uint8Array, schema: Schema, modelFile: string): OnnxFiles {
  const checkpoint = decodeCheckpoint(bytes);
  const codec = codecOf(checkpoint, schema);
  const { grammar, vocab, columnOrder } = codecGrammar(codec);
  const model = exportGptToOnnx(checkpoint.config, checkpoint.params, { producer: 'tabgraa studio' });
  const sidecar = onnxSidecar({ modelFile, config: checkpoint.config, vocab, grammar, columnOrder, codec: codec.toJSON() });
  return { model, sidecar: JSON.stringify(sidecar, null, 2) };
}
