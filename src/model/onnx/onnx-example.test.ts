import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type ColumnOrder, RowCodec } from '../../data/row-codec';
import { nodeOnnxSession } from '../../test-utils/onnx-node';
import { randomGptParams } from '../../test-utils/onnx-parity';
import type { GptConfig } from '../config';
import { referenceForward } from '../reference-gpt';
import { exportGptToOnnx } from './onnx-export';
import { codecGrammar, onnxSidecar } from './onnx-sidecar';

const examplePath = resolve(import.meta.dirname, '../../../docs/onnx-example.mjs');

// A small codec: a categorical column and a signed one-decimal numeric column, both with missing values.
const codec = RowCodec.fromJSON({
  version: 1,
  columns: [
    { name: 'colour', schemaIndex: 0, hasNA: true, kind: 'categorical', categories: ['red', 'green', 'blue'] },
    { name: 'size', schemaIndex: 1, hasNA: true, kind: 'numeric', decimals: 1, min: -5, max: 9.9 },
  ],
});
const { grammar, vocab } = codecGrammar(codec);
const config: GptConfig = { vocabSize: codec.vocabSize, contextLength: codec.seqLen, layers: 2, heads: 2, dModel: 16 };

interface SampledRow {
  tokens: number[];
  values: Record<string, string | number | null>;
}

const tempDirs: string[] = [];
afterAll(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function writeExport(columnOrder: ColumnOrder = 'random'): Promise<{ dir: string; params: Float32Array }> {
  const dir = await mkdtemp(join(tmpdir(), 'tabgraa-onnx-'));
  tempDirs.push(dir);
  const params = randomGptParams(config, 9);
  await writeFile(join(dir, 'model.onnx'), exportGptToOnnx(config, params));
  await writeFile(
    join(dir, 'model.json'),
    JSON.stringify(onnxSidecar({ modelFile: 'model.onnx', config, vocab, grammar, columnOrder, codec: codec.toJSON() })),
  );
  return { dir, params };
}

describe('docs/onnx-example.mjs samples an exported model', () => {
  it("follows the row grammar and, at a low temperature, picks the reference model's best legal token", async () => {
    const { dir, params } = await writeExport();
    const { sampleRows } = await import(pathToFileURL(examplePath).href);
    const sidecar = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    const session = await nodeOnnxSession(exportGptToOnnx(config, params));
    const rows: SampledRow[] = await sampleRows(session, sidecar, { rows: 8, temperature: 1e-3, seed: 3 });
    expect(rows).toHaveLength(8);
    let checked = 0;
    const orders = new Set<number>();
    const decoded = codec.decodeRows(Uint32Array.from(rows.flatMap((row) => row.tokens)), rows.length);
    for (const [r, { tokens, values }] of rows.entries()) {
      expect(values).toEqual(Object.fromEntries(decoded.header.map((name, c) => [name, decoded.columns[c][r]])));
      orders.add(tokens[1]);
      const logits = referenceForward(config, params, Uint32Array.from(tokens), 1, tokens.length).logits;
      tokens.forEach((token, t) => {
        const slot = grammar.columns.flatMap((c) => c.valueSlots).find((legal) => legal.includes(token));
        if (!slot || t === 0) return;
        const ranked = slot.map((id) => logits[(t - 1) * config.vocabSize + id]).sort((a, b) => b - a);
        // Where the best two legal logits are 0.02 apart, temperature 1e-3 leaves the runner-up
        // e^-20 of the mass, so the sample must be the reference argmax.
        if (ranked[0] - ranked[1] > 0.02) {
          expect(logits[(t - 1) * config.vocabSize + token]).toBe(ranked[0]);
          checked++;
        }
      });
    }
    expect(checked).toBeGreaterThan(10);
    expect(orders.size, 'column order is drawn per row').toBe(2);
  });

  it("keeps the grammar's column order when the sidecar says the model samples in the table's order", async () => {
    const { dir } = await writeExport('table');
    const { sampleRows } = await import(pathToFileURL(examplePath).href);
    const sidecar = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    const session = await nodeOnnxSession(await readFile(join(dir, 'model.onnx')));
    const rows: SampledRow[] = await sampleRows(session, sidecar, { rows: 8, temperature: 1, seed: 3 });
    expect(new Set(rows.map((row) => row.tokens[1]))).toEqual(new Set([grammar.columns[0].nameToken]));
  });

  it('writes a missing number as NA in every slot of its column, so hot samples still decode', async () => {
    const { dir, params } = await writeExport();
    const { sampleRows } = await import(pathToFileURL(examplePath).href);
    const sidecar = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    const rows: SampledRow[] = await sampleRows(await nodeOnnxSession(exportGptToOnnx(config, params)), sidecar, { rows: 40, temperature: 3, seed: 5 });
    const decoded = codec.decodeRows(Uint32Array.from(rows.flatMap((row) => row.tokens)), rows.length);
    const sizes = decoded.columns[decoded.header.indexOf('size')];
    expect(sizes).toContain(null);
    expect(rows.map((row) => row.values.size)).toEqual(sizes);
  });

  it('runs as a script and prints one JSON row per line', async () => {
    const { dir } = await writeExport();
    const { stdout } = await promisify(execFile)(process.execPath, [examplePath, join(dir, 'model.onnx'), join(dir, 'model.json'), '4', '0.8', '7']);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    for (const row of lines) expect(Object.keys(row).sort()).toEqual(['colour', 'size']);
  });
});
