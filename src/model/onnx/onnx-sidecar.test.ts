import { describe, expect, it } from 'vitest';
import { RowCodec } from '../../data/row-codec';
import { COLUMN_ORDER_RULES, codecGrammar, onnxSidecar } from './onnx-sidecar';

const codec = RowCodec.fromJSON({
  version: 1,
  columns: [
    { name: 'kind', schemaIndex: 0, hasNA: false, kind: 'categorical', categories: ['p', 'q'] },
    { name: 'temp', schemaIndex: 1, hasNA: true, kind: 'numeric', decimals: 1, min: -9.5, max: 9.5 },
  ],
});
const config = { vocabSize: codec.vocabSize, contextLength: codec.seqLen, layers: 1, heads: 1, dModel: 4 };

describe('ONNX sidecar', () => {
  it("labels every token of the codec and lists each slot's legal ids", () => {
    const { grammar, vocab } = codecGrammar(codec);
    // BOS EOS kind temp | p q | + - NA | ten digits | ten digits
    expect(vocab).toEqual(['[BOS]', '[EOS]', 'kind', 'temp', 'p', 'q', '+', '-', 'NA', ...'0123456789', ...'0123456789']);
    expect(grammar.columns[1]).toEqual({
      name: 'temp',
      nameToken: 3,
      naToken: 8,
      valueSlots: [
        [6, 7, 8],
        [9, 10, 11, 12, 13, 14, 15, 16, 17, 18],
        [19, 20, 21, 22, 23, 24, 25, 26, 27, 28],
      ],
    });
    const sidecar = onnxSidecar({ modelFile: 'm.onnx', config, grammar, vocab, columnOrder: 'random', codec: codec.toJSON() });
    expect([sidecar.columnOrder, sidecar.columnOrderRule]).toEqual(['random', COLUMN_ORDER_RULES.random]);
    // A codec trained partly in the table's order samples in it, and says so.
    const tableOrdered = RowCodec.fromJSON({ ...codec.toJSON(), tableOrderShare: 0.8 });
    expect(codecGrammar(tableOrdered).columnOrder).toBe('table');
    expect(codecGrammar(codec).columnOrder).toBe('random');
    expect(sidecar.model).toMatchObject({ file: 'm.onnx', opset: 20, input: 'input_ids', output: 'logits' });
  });

  it('refuses a sidecar that does not fit the model', () => {
    const { grammar, vocab } = codecGrammar(codec);
    expect(() => onnxSidecar({ modelFile: 'm.onnx', config: { ...config, vocabSize: 40 }, grammar, vocab, columnOrder: 'random', codec: null })).toThrow(
      /29 labels.*vocabSize 40/,
    );
    expect(() => onnxSidecar({ modelFile: 'm.onnx', config: { ...config, contextLength: 5 }, grammar, vocab, columnOrder: 'random', codec: null })).toThrow(
      /row is 8 tokens/,
    );
  });
});
