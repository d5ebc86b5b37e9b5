import { RowCodec, type RowCodecJson } from '../../data/row-codec';
import type { GptConfig } from '../config';
import { exportGptToOnnx } from './onnx-export';
import { codecGrammar, type OnnxSidecar, onnxSidecar } from './onnx-sidecar';
import { paramsToSafetensors } from './safetensors';

/** The three files a trained generator leaves the studio as (CLI export-onnx and the studio's download). */
export interface ExportBundle {
  /** MODEL.onnx */
  model: Uint8Array;
  /** MODEL.json */
  sidecar: OnnxSidecar;
  /** MODEL.safetensors: the weights under GPT-2 names, for PyTorch. */
  safetensors: Uint8Array;
}

/** `codec` is the checkpoint's codec JSON (RowCodec.toJSON()); `modelFile` the name the .onnx will have. */
export function exportBundle(args: {
  config: GptConfig;
  params: Float32Array;
  codec: unknown;
  modelFile: string;
  metadata?: Record<string, string>;
}): ExportBundle {
  const { config, params, modelFile, metadata = {} } = args;
  let codec: RowCodec;
  try {
    codec = RowCodec.fromJSON(args.codec as RowCodecJson);
  } catch (error) {
    throw new Error(`ONNX export: the checkpoint carries no usable row codec (${(error as Error).message}).`);
  }
  if (codec.vocabSize !== config.vocabSize)
    throw new Error(`ONNX export: the codec has ${codec.vocabSize} tokens but the model has vocabSize ${config.vocabSize}.`);
  return {
    model: exportGptToOnnx(config, params, metadata),
    sidecar: onnxSidecar({ modelFile, config, ...codecGrammar(codec), codec: codec.toJSON() }),
    safetensors: paramsToSafetensors(config, params, metadata),
  };
}
