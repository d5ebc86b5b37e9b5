import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/rng';
import { RowCodec } from '../../data/row-codec';
import { codecGrammar } from './onnx-sidecar';
import { compareLogits, randomGrammarRows } from './onnx-verify';

describe('ONNX verification helpers', () => {
  it('random grammar rows are rows the codec decodes, NA included, in varying column orders', () => {
    const codec = RowCodec.fromJSON({
      version: 1,
      columns: [
        { name: 'a', schemaIndex: 0, hasNA: true, kind: 'categorical', categories: ['x', 'y'] },
        { name: 'b', schemaIndex: 1, hasNA: true, kind: 'numeric', decimals: 2, min: -1, max: 3 },
        { name: 'c', schemaIndex: 2, hasNA: false, kind: 'numeric', decimals: 0, min: 0, max: 99 },
      ],
    });
    const { tokens, seqLen } = randomGrammarRows(codecGrammar(codec).grammar, 50, createRng(3));
    expect(seqLen).toBe(codec.seqLen);
    const table = codec.decodeRows(tokens, 50);
    expect(table.columns[1]).toContain(null);
    expect(new Set(Array.from({ length: 50 }, (_, r) => tokens[r * seqLen + 1])).size).toBe(3);
  });

  it('compareLogits reports the max difference and the reference scale', () => {
    expect(compareLogits([1, -5, 2], [1.5, -4, 2])).toEqual({ maxAbsDiff: 1, maxAbsLogit: 4 });
    expect(() => compareLogits([1], [1, 2])).toThrow(/1 values against 2/);
  });
});
