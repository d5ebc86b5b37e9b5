import { describe, expect, it } from 'vitest';
import { configFromPreset } from '../config';
import { buildParamLayout } from '../param-layout';
import { paramsFromSafetensors, paramsToSafetensors, readSafetensors, writeSafetensors } from './safetensors';

const config = configFromPreset('tiny', 37, 19);

/** Random bit patterns, NaN payloads, infinities and signed zeros included: a bit-exact test must see them. */
function randomBits(count: number, seed: number): Float32Array {
  const words = new Uint32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    words[i] = s ^ (s >>> 13);
  }
  words[0] = 0x7fc00123; // NaN with a payload
  words[1] = 0x80000000; // -0
  words[2] = 0x7f800000; // +Infinity
  return new Float32Array(words.buffer);
}

// biome-ignore lint/suspicious/noExplicitAny: the header is arbitrary JSON, checked field by field below.
function parseHeader(bytes: Uint8Array): { length: number; json: Record<string, any> } {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { length, json: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) };
}

describe('safetensors', () => {
  it('round-trips the flat parameter buffer bit-exactly, padding zeroed', () => {
    const layout = buildParamLayout(config);
    const params = randomBits(layout.totalFloats, 7);
    const bytes = paramsToSafetensors(config, params, { note: 'test' });
    const back = paramsFromSafetensors(bytes);
    expect(back.config).toEqual(config);
    expect(back.metadata.note).toBe('test');
    const want = new Uint32Array(params.buffer);
    const got = new Uint32Array(back.params.buffer);
    for (const t of layout.tensors) {
      expect(Array.from(got.subarray(t.offset, t.offset + t.size)), t.name).toEqual(Array.from(want.subarray(t.offset, t.offset + t.size)));
    }
    const padding = new Uint32Array(got);
    for (const t of layout.tensors) padding.fill(0, t.offset, t.offset + t.size);
    expect(padding.every((word) => word === 0)).toBe(true);
  });

  it('writes a header any safetensors reader accepts: GPT-2 names, F32, contiguous offsets, 8-byte aligned data', () => {
    const layout = buildParamLayout(config);
    const bytes = paramsToSafetensors(config, randomBits(layout.totalFloats, 3));
    const { length, json } = parseHeader(bytes);
    expect((8 + length) % 8).toBe(0);
    expect(JSON.parse(json.__metadata__['tabgraa.config'])).toEqual(config);
    expect(json.__metadata__.format).toBe('pt');
    const names = Object.keys(json).filter((k) => k !== '__metadata__');
    expect(names).toEqual(layout.tensors.map((t) => t.name));
    expect(names).toContain('wte.weight');
    expect(names).toContain('h.1.attn.c_attn.weight');
    expect(json['h.0.attn.c_attn.weight'].shape).toEqual([config.dModel, 3 * config.dModel]);
    let expectedBegin = 0;
    for (const t of layout.tensors) {
      const entry = json[t.name];
      expect(entry.dtype).toBe('F32');
      expect(entry.shape).toEqual(t.shape);
      expect(entry.data_offsets).toEqual([expectedBegin, expectedBegin + 4 * t.size]);
      expectedBegin += 4 * t.size;
    }
    expect(bytes.length).toBe(8 + length + expectedBegin);
  });

  it('reads from an unaligned view of a larger buffer', () => {
    const data = new Float32Array([1.5, -2, 3e-39, 4]);
    const file = writeSafetensors([['x', { shape: [2, 2], data }]]);
    const host = new Uint8Array(file.length + 3);
    host.set(file, 3);
    const back = readSafetensors(host.subarray(3));
    expect(Array.from(back.tensors.get('x')!.data)).toEqual(Array.from(data));
  });

  it('rejects bad input with a message that says what is wrong', () => {
    expect(() => readSafetensors(new Uint8Array(4))).toThrow(/too short/);
    const truncated = paramsToSafetensors(config, new Float32Array(buildParamLayout(config).totalFloats)).subarray(0, 100);
    expect(() => readSafetensors(truncated)).toThrow(/runs past the end/);
    const other = configFromPreset('tiny', 40, 19);
    const bytes = paramsToSafetensors(other, new Float32Array(buildParamLayout(other).totalFloats));
    expect(() => paramsFromSafetensors(bytes, config)).toThrow(/wte.weight.*shape/);
    const partial = writeSafetensors([['wte.weight', { shape: [37, 64], data: new Float32Array(37 * 64) }]], { 'tabgraa.config': JSON.stringify(config) });
    expect(() => paramsFromSafetensors(partial)).toThrow(/Missing: \[wpe.weight/);
    expect(() => writeSafetensors([['x', { shape: [3], data: new Float32Array(2) }]])).toThrow(/3 values/);
  });
});
