import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-web';
import { seededFloats } from '../kernels/test-gpu';
import { encodeDemoRows } from './onnx-parity';

export { ort };

/** onnxruntime-web in Node: the wasm backend, one thread (no worker threads in tests). */
export async function nodeOnnxSession(model: Uint8Array): Promise<ort.InferenceSession> {
  ort.env.wasm.numThreads = 1;
  return ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
}

export function randomTokens(count: number, vocabSize: number, seed: number): Uint32Array {
  return Uint32Array.from(seededFloats(count, seed), (v) => Math.min(vocabSize - 1, Math.floor(((v + 1) / 2) * vocabSize)));
}

/** The first rows of the shipped demo table (public/adult.csv), encoded by the row codec. */
export async function encodedDemoRows(rows: number, seed: number): ReturnType<typeof encodeDemoRows> {
  return encodeDemoRows(await readFile(resolve(import.meta.dirname, '../../public/adult.csv'), 'utf8'), rows, seed);
}
