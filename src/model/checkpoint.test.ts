import { describe, expect, it } from 'vitest';
import { seededFloats, testRuntime } from '../kernels/test-gpu';
import { AdamW } from './adamw-optimizer';
import { type Checkpoint, decodeCheckpoint, encodeCheckpoint, restoreCheckpoint, saveCheckpoint } from './checkpoint';
import type { GptConfig } from './config';
import { GptModel } from './gpt-model';
import { buildParamLayout } from './param-layout';

const config: GptConfig = { vocabSize: 13, contextLength: 7, layers: 1, heads: 2, dModel: 8 };
const floats = buildParamLayout(config).totalFloats;

function bits(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}

describe('checkpoint blob', () => {
  it('round-trips bit-exactly, including -0, subnormals, NaN payloads and the JSON header', () => {
    const params = seededFloats(floats, 1);
    bits(params).set([0x80000000, 0x00000001, 0x7fc01234, 0x7f800000], 0);
    const original: Checkpoint = {
      config,
      codec: { columns: ['age', 'income'], vocab: [1, 2, 3] },
      step: 42,
      extra: { note: 'é ✓' },
      params,
      adamM: seededFloats(floats, 2),
      adamV: seededFloats(floats, 3),
    };
    const decoded = decodeCheckpoint(encodeCheckpoint(original));
    expect(decoded.config).toEqual(config);
    expect(decoded.codec).toEqual(original.codec);
    expect(decoded.extra).toEqual(original.extra);
    expect(decoded.step).toBe(42);
    for (const name of ['params', 'adamM', 'adamV'] as const) expect(bits(decoded[name])).toEqual(bits(original[name]));
  });

  it('rejects foreign and truncated files with a clear message', () => {
    expect(() => decodeCheckpoint(new TextEncoder().encode('PK\u0003\u0004 not ours'))).toThrow(/magic/);
    const blob = encodeCheckpoint({
      config,
      codec: null,
      step: 0,
      params: new Float32Array(floats),
      adamM: new Float32Array(floats),
      adamV: new Float32Array(floats),
    });
    expect(() => decodeCheckpoint(blob.subarray(0, blob.length - 4))).toThrow(/truncated/);
  });

  it('saves from and restores into GPU buffers bit-exactly', async () => {
    const rt = await testRuntime();
    const model = GptModel.create(rt, config, { seed: 5 });
    const adamw = new AdamW(model);
    const state = { params: seededFloats(floats, 4), adamM: seededFloats(floats, 5), adamV: seededFloats(floats, 6).map(Math.abs) };
    restoreCheckpoint(model, adamw, { config, codec: { v: 1 }, step: 9, ...state });
    const saved = decodeCheckpoint(await saveCheckpoint(model, adamw, { v: 1 }));
    expect(saved.step).toBe(9);
    for (const name of ['params', 'adamM', 'adamV'] as const) expect(bits(saved[name])).toEqual(bits(state[name]));
    expect(() => restoreCheckpoint(model, adamw, { ...saved, config: { ...config, layers: 2 } })).toThrow(/differs/);
  });
});
