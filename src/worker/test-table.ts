/** A small census-like table for the worker's tests, and an untrained checkpoint on it. */
import { RowCodec } from '../data/row-codec';
import { inferSchema } from '../data/schema-infer';
import { encodeCheckpoint } from '../model/checkpoint';
import { configFromPreset } from '../model/config';
import { initialParams } from '../model/init-params';
import { parseCsv } from './tables';

export const censusCsv = [
  'age,sex,income',
  ...Array.from({ length: 40 }, (_, i) => `${20 + (i % 15)},${i % 3 ? 'Male' : 'Female'},${i % 4 ? '<=50K' : '>50K'}`),
].join('\n');

export async function loadedCensus() {
  const { raw, warnings } = await parseCsv(new Blob([censusCsv]));
  const { schema } = inferSchema(raw);
  return { raw, schema, warnings };
}

/** A checkpoint of an untrained tiny model, as run-alignment saves one. */
export async function untrainedCheckpoint() {
  const { schema } = await loadedCensus();
  const codec = RowCodec.fromSchema(schema);
  const config = configFromPreset('tiny', codec.vocabSize, codec.seqLen);
  const params = initialParams(config, 1);
  const zeros = new Float32Array(params.length);
  return { schema, bytes: encodeCheckpoint({ config, codec: codec.toJSON(), step: 3, params, adamM: zeros, adamV: zeros }) };
}
