import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-web';
import { createRng } from '../data/rng';
import { type Checkpoint, decodeCheckpoint } from '../model/checkpoint';
import { exportBundle } from '../model/onnx/onnx-bundle';
import { runOnnxLogits } from '../model/onnx/onnx-run';
import type { RowGrammar } from '../model/onnx/onnx-sidecar';
import { compareLogits, f32ForwardTolerance, randomGrammarRows } from '../model/onnx/onnx-verify';
import { referenceForward } from '../model/reference-gpt';
import { readCheckpointFile, resolveCheckpointPath } from './checkpoint-file';

const USAGE = `usage: tabgraa export-onnx --checkpoint PATH --out MODEL.onnx [--no-verify]

Exports a trained generator for use outside the studio:
  MODEL.onnx         the GPT as a standard ONNX graph (opset 20): input_ids int64 [batch, seq]
                     -> logits float32 [batch, seq, vocab]
  MODEL.json         the sidecar: config, vocabulary, row grammar, codec (docs/onnx-example.md)
  MODEL.safetensors  the weights under GPT-2 names, for PyTorch
PATH is a checkpoint file, or the folder 'tabgraa fit --checkpoint DIR' wrote (its latest.ckpt).
Unless --no-verify, the model is run in onnxruntime-web (wasm) on random legal rows and its logits
are compared with the float64 reference forward.`;

async function verify(model: Uint8Array, checkpoint: Checkpoint, grammar: RowGrammar): Promise<string> {
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
  const batch = 2;
  const { tokens, seqLen } = randomGrammarRows(grammar, batch, createRng(1));
  const onnx = await runOnnxLogits(ort, session, tokens, batch, seqLen);
  const reference = referenceForward(checkpoint.config, checkpoint.params, tokens, batch, seqLen).logits;
  const { maxAbsDiff, maxAbsLogit } = compareLogits(onnx, reference);
  const tolerance = f32ForwardTolerance(checkpoint.config.dModel, maxAbsLogit);
  const line = `onnxruntime-web (wasm) vs float64 reference on ${batch} random rows: max |logit diff| ${maxAbsDiff.toExponential(2)} (max |logit| ${maxAbsLogit.toFixed(2)}, tolerance ${tolerance.toExponential(2)})`;
  if (!(maxAbsDiff <= tolerance)) throw new Error(`the exported model does not reproduce the checkpoint: ${line}. Please report this as a bug.`);
  return line;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { checkpoint: { type: 'string' }, out: { type: 'string' }, 'no-verify': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.checkpoint || !values.out) throw new Error(`--checkpoint and --out are required.\n\n${USAGE}`);
  if (!values.out.endsWith('.onnx')) throw new Error(`--out must name a .onnx file, got "${values.out}".`);

  const path = await resolveCheckpointPath(values.checkpoint);
  const checkpoint = decodeCheckpoint(await readCheckpointFile(path));
  const metadata = { 'tabgraa.checkpoint': basename(path), 'tabgraa.step': String(checkpoint.step) };
  const bundle = exportBundle({ config: checkpoint.config, params: checkpoint.params, codec: checkpoint.codec, modelFile: basename(values.out), metadata });
  const stem = values.out.slice(0, -'.onnx'.length);
  await writeFile(values.out, bundle.model);
  await writeFile(`${stem}.json`, `${JSON.stringify(bundle.sidecar, null, 2)}\n`);
  await writeFile(`${stem}.safetensors`, bundle.safetensors);
  console.log(`wrote ${values.out} (${(bundle.model.length / 2 ** 20).toFixed(2)} MiB), ${stem}.json, ${stem}.safetensors`);
  if (!values['no-verify']) console.log(await verify(bundle.model, checkpoint, bundle.sidecar.grammar));
}
