import type { ColumnOrder, RowCodec } from '../../data/row-codec';
import type { GptConfig } from '../config';
import { ONNX_INPUT, ONNX_OPSET, ONNX_OUTPUT } from './onnx-export';

/**
 * What a sampler outside the studio needs besides the ONNX file: the row grammar of the codec
 * (method.md §1), in token ids. A row is `bos`, then for every column, in the order the model was
 * trained to sample (`columnOrderRule`), its forced name token and its value slots, then `eos`. Each value slot lists the token ids that
 * are legal there; the sampler masks every other logit. A column with missing values has an
 * `naToken` (else -1), legal in its first slot only; once drawn it fills every slot of the column.
 */
export interface RowGrammar {
  bos: number;
  eos: number;
  columns: Array<{ name: string; nameToken: number; naToken: number; valueSlots: number[][] }>;
}

export interface OnnxSidecar {
  format: 'tabgraa-onnx-sidecar';
  version: 1;
  model: { file: string; opset: number; input: string; output: string; inputShape: string; outputShape: string };
  config: GptConfig;
  /** Token id -> printable label (a category, a digit, a column name, [BOS], ...). */
  vocab: string[];
  grammar: RowGrammar;
  /** 'table': columns in grammar.columns order; 'random': a fresh uniform permutation per row. */
  columnOrder: ColumnOrder;
  columnOrderRule: string;
  /** The codec's own JSON (schema, vocabulary, numeric formats), for decoding tokens to values. */
  codec: unknown;
}

/** The row grammar and token labels of the studio's row codec (src/data/row-codec.ts). */
export function codecGrammar(codec: RowCodec): { grammar: RowGrammar; vocab: string[]; columnOrder: ColumnOrder } {
  const vocab = new Array<string>(codec.vocabSize).fill('');
  vocab[codec.BOS] = '[BOS]';
  vocab[codec.EOS] = '[EOS]';
  const specs = codec.toJSON().columns;
  const columns = codec.columns.map((column, c) => {
    const spec = specs[c];
    vocab[column.nameToken] = column.name;
    const valueSlots = column.valueRanges.map(({ lo, hi }, position) => {
      const ids = Array.from({ length: hi - lo }, (_, k) => lo + k);
      for (const [k, id] of ids.entries()) {
        const signSlot = spec.kind === 'numeric' && spec.min < 0 && position === 0;
        vocab[id] = id === column.naToken ? 'NA' : spec.kind === 'categorical' ? spec.categories[k] : signSlot ? (k === 0 ? '+' : '-') : String(k);
      }
      return ids;
    });
    return { name: column.name, nameToken: column.nameToken, naToken: column.naToken, valueSlots };
  });
  return { grammar: { bos: codec.BOS, eos: codec.EOS, columns }, vocab, columnOrder: codec.sampleOrder };
}

/** How to order a row's columns when sampling, in words, for the model's column order. */
export const COLUMN_ORDER_RULES: Record<ColumnOrder, string> = {
  random: 'uniform random permutation per row; name tokens forced',
  table: 'grammar.columns in their listed order (columns fixed by a condition first); name tokens forced',
};

export function onnxSidecar(args: {
  modelFile: string;
  config: GptConfig;
  vocab: string[];
  grammar: RowGrammar;
  columnOrder: ColumnOrder;
  codec: unknown;
}): OnnxSidecar {
  const { config, vocab, grammar } = args;
  if (vocab.length !== config.vocabSize) throw new Error(`ONNX sidecar: vocabulary has ${vocab.length} labels, the model has vocabSize ${config.vocabSize}.`);
  const rowLength = 2 + grammar.columns.reduce((n, c) => n + 1 + c.valueSlots.length, 0);
  if (rowLength > config.contextLength)
    throw new Error(`ONNX sidecar: a row is ${rowLength} tokens, longer than the model's contextLength ${config.contextLength}.`);
  const ids = [grammar.bos, grammar.eos, ...grammar.columns.flatMap((c) => [c.nameToken, ...c.valueSlots.flat()])];
  const bad = ids.find((id) => !Number.isInteger(id) || id < 0 || id >= config.vocabSize);
  if (bad !== undefined) throw new Error(`ONNX sidecar: token id ${bad} in the row grammar is outside the vocabulary [0, ${config.vocabSize}).`);
  const empty = grammar.columns.find((c) => c.valueSlots.some((slot) => slot.length === 0));
  if (empty) throw new Error(`ONNX sidecar: column "${empty.name}" has a value slot with no legal token.`);
  return {
    format: 'tabgraa-onnx-sidecar',
    version: 1,
    model: {
      file: args.modelFile,
      opset: ONNX_OPSET,
      input: ONNX_INPUT,
      output: ONNX_OUTPUT,
      inputShape: `int64 [batch, seq], seq <= ${config.contextLength}`,
      outputShape: `float32 [batch, seq, ${config.vocabSize}]; position t predicts token t+1`,
    },
    config,
    vocab,
    grammar,
    columnOrder: args.columnOrder,
    columnOrderRule: COLUMN_ORDER_RULES[args.columnOrder],
    codec: args.codec,
  };
}
