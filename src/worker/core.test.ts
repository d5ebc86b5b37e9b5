import { describe, expect, it } from 'vitest';
import { RowCodec } from '../data/row-codec';
import { testRuntime } from '../kernels/test-gpu';
import { encodeCheckpoint } from '../model/checkpoint';
import { configFromPreset } from '../model/config';
import { initialParams } from '../model/init-params';
import { studioCore } from './core';

const csv = ['age,sex,income', ...Array.from({ length: 40 }, (_, i) => `${20 + (i % 15)},${i % 3 ? 'Male' : 'Female'},${i % 4 ? '<=50K' : '>50K'}`)].join('\n');

async function loaded() {
  const { raw, warnings } = await studioCore.parseCsv(new Blob([csv]), () => {});
  const { schema } = studioCore.inferSchema(raw);
  return { raw, schema, warnings };
}

/** A checkpoint of an untrained tiny model, as run-alignment saves one. */
async function checkpointBytes() {
  const { schema } = await loaded();
  const codec = RowCodec.fromSchema(schema);
  const config = configFromPreset('tiny', codec.vocabSize, codec.seqLen);
  const params = initialParams(config, 1);
  const zeros = new Float32Array(params.length);
  return { schema, bytes: encodeCheckpoint({ config, codec: codec.toJSON(), step: 3, params, adamM: zeros, adamV: zeros }) };
}

describe('studio core binding', () => {
  it('parses, types, splits and scores association gaps on the real data layer', async () => {
    const { raw, schema } = await loaded();
    expect(schema.columns.map((c) => c.kind)).toEqual(['numeric', 'categorical', 'categorical']);
    const typed = studioCore.applySchema(raw, schema);
    const { train, holdout } = studioCore.splitTable(typed, 1, 'income');
    expect(train.columns[0].length + holdout.columns[0].length).toBe(40);
    expect(holdout.columns[0].length).toBe(8);
    const same = studioCore.associationDiff(schema, typed, typed);
    expect(same?.columns).toEqual(['age', 'sex', 'income']);
    // Identical tables: every pair agrees, so every gap is 0.
    for (const row of same!.values) for (const v of row) expect(v).toBeCloseTo(0, 12);
    // Synthetic sex made a copy of income: that pair's association differs from the real one.
    const tied = { ...typed, columns: [typed.columns[0], typed.columns[2].map((v) => (v === '>50K' ? 'Female' : 'Male')), typed.columns[2]] };
    const gaps = studioCore.associationDiff(schema, typed, tied)!.values;
    expect(gaps[1][2]).toBeGreaterThan(0.1);
    expect(gaps[1][2]).toBe(gaps[2][1]);
  });

  it('samples a saved checkpoint on the GPU, honouring fixed values, and writes CSV with the full header', async () => {
    const { schema, bytes } = await checkpointBytes();
    const sample = await studioCore.samplerFromCheckpoint!(await testRuntime(), schema, bytes, 1);
    const table = await sample(6, { sex: 'Female' });
    expect(table.columns[0]).toHaveLength(6);
    expect(table.columns[table.header.indexOf('sex')].every((v) => v === 'Female')).toBe(true);
    const text = studioCore.tableToCsv(table, schema).trimEnd().split('\n');
    expect(text[0]).toBe('age,sex,income');
    expect(text).toHaveLength(7);
  });

  it('exports the checkpoint as ONNX with its grammar sidecar', async () => {
    const { schema, bytes } = await checkpointBytes();
    const { model, sidecar } = studioCore.exportOnnx!(bytes, schema, 'model.onnx');
    expect(model.byteLength).toBeGreaterThan(1000);
    const parsed = JSON.parse(sidecar);
    expect(parsed.format).toBe('tabgraa-onnx-sidecar');
    expect(parsed.grammar.columns.map((c: { name: string }) => c.name).sort()).toEqual(['age', 'income', 'sex']);
  });
});
