import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { RowCodec } from '../data/row-codec';
import { encodeCheckpoint } from '../model/checkpoint';
import type { GptConfig } from '../model/config';
import { exportGptToOnnx } from '../model/onnx/onnx-export';
import { runOnnxLogits } from '../model/onnx/onnx-run';
import type { OnnxSidecar } from '../model/onnx/onnx-sidecar';
import { paramsFromSafetensors } from '../model/onnx/safetensors';
import { nodeOnnxSession, ort } from '../test-utils/onnx-node';
import { randomGptParams } from '../test-utils/onnx-parity';
import { run } from './export-onnx-command';

const codec = RowCodec.fromJSON({
  version: 1,
  columns: [
    { name: 'species', schemaIndex: 0, hasNA: false, kind: 'categorical', categories: ['Adelie', 'Gentoo', 'Chinstrap'] },
    { name: 'mass', schemaIndex: 1, hasNA: true, kind: 'numeric', decimals: 0, min: 2700, max: 6300 },
  ],
});
const config: GptConfig = { vocabSize: codec.vocabSize, contextLength: codec.seqLen, layers: 1, heads: 2, dModel: 16 };
const params = randomGptParams(config, 2);

const tempDirs: string[] = [];
afterAll(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tabgraa-export-'));
  tempDirs.push(dir);
  return dir;
}

async function checkpointDir(copies = 1): Promise<string> {
  const dir = await tempDir();
  const blob = encodeCheckpoint({
    config,
    codec: codec.toJSON(),
    step: 12,
    params,
    adamM: new Float32Array(params.length),
    adamV: new Float32Array(params.length),
  });
  for (let i = 0; i < copies; i++) await writeFile(join(dir, `round-${i}.ckpt`), blob);
  await writeFile(join(dir, 'latest.ckpt'), blob);
  await writeFile(join(dir, 'notes.txt'), 'not a checkpoint');
  return dir;
}

afterEach(() => vi.restoreAllMocks());

describe('tabgraa export-onnx', () => {
  it('writes the ONNX model, its sidecar and safetensors, and verifies the model against the reference', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const dir = await checkpointDir();
    const out = join(dir, 'export', 'penguins.onnx');
    await mkdir(join(dir, 'export'));
    await run(['--checkpoint', dir, '--out', out]);

    const model = new Uint8Array(await readFile(out));
    expect(model).toEqual(exportGptToOnnx(config, params, { 'tabgraa.checkpoint': 'latest.ckpt', 'tabgraa.step': '12' }));
    const sidecar = JSON.parse(await readFile(join(dir, 'export', 'penguins.json'), 'utf8')) as OnnxSidecar;
    expect(sidecar.model.file).toBe('penguins.onnx');
    expect(sidecar.config).toEqual(config);
    expect(sidecar.vocab.slice(0, 4)).toEqual(['[BOS]', '[EOS]', 'species', 'mass']);
    expect(RowCodec.fromJSON(sidecar.codec as never).vocabSize).toBe(codec.vocabSize);
    const weights = paramsFromSafetensors(new Uint8Array(await readFile(join(dir, 'export', 'penguins.safetensors'))));
    expect(new Uint32Array(weights.params.buffer)).toEqual(new Uint32Array(params.buffer));

    const logits = await runOnnxLogits(ort, await nodeOnnxSession(model), [0, 2, 4], 1, 3);
    expect(logits).toHaveLength(3 * config.vocabSize);
    expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/max \|logit diff\| \d\.\d\de-\d+/);
  });

  it('says what is wrong with the checkpoint path', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const empty = await tempDir();
    await expect(run(['--checkpoint', empty, '--out', join(empty, 'm.onnx')])).rejects.toThrow(/There is no checkpoint at ".*latest\.ckpt"/);
    const two = await checkpointDir(2);
    await expect(run(['--checkpoint', join(two, 'missing'), '--out', 'm.onnx'])).rejects.toThrow(/There is no checkpoint at/);
    await expect(run(['--checkpoint', two, '--out', 'm.bin'])).rejects.toThrow(/\.onnx/);
    await expect(run(['--out', 'm.onnx'])).rejects.toThrow(/--checkpoint and --out are required/);
    const noCodec = join(empty, 'no-codec.ckpt');
    await writeFile(noCodec, encodeCheckpoint({ config, codec: null, step: 0, params, adamM: params, adamV: params }));
    await expect(run(['--checkpoint', noCodec, '--out', join(empty, 'm.onnx')])).rejects.toThrow(/no usable row codec/);
  });
});
