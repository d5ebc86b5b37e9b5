/**
 * A table made by a known rule, and a tiny model trained on it once, for the known-answer tests of
 * imputation, rebalancing, conditional sampling and row scoring:
 *   a ∈ {L, R} uniform;  c = "up" if a = R else "down", flipped with probability NOISE;
 *   k ∈ {p, q, r} with P(k | a) = K_GIVEN_A[a];  y = 10·index(k) + a uniform integer 0..4.
 * (c = a XOR b, the example, was not learned by the tiny model within this test budget:
 * 320 steps of 16 rows imputed it at 49 %, chance level.)
 */
import { applySchema } from '../data/apply-schema';
import { ingestCsvText } from '../data/csv-ingest';
import type { RawTable } from '../data/raw-column';
import { createRng } from '../data/rng';
import { RowCodec } from '../data/row-codec';
import { inferSchema } from '../data/schema-infer';
import type { Schema, Table } from '../data/types';
import { testRuntime } from '../kernels/test-gpu';
import { configFromPreset } from './config';
import { GptModel } from './gpt-model';
import { SftTrainer } from './sft-trainer';

export const NOISE = 0.05;
export const K_VALUES = ['p', 'q', 'r'] as const;
export const K_GIVEN_A: Record<'L' | 'R', readonly number[]> = { L: [0.6, 0.3, 0.1], R: [0.1, 0.3, 0.6] };
export const RULE_HEADER = ['a', 'c', 'k', 'y'];

export type RuleRow = {
  a: string;
  c: string;
  k: string;
  y: number;
};

export function ruleRows(n: number, seed: number): RuleRow[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const a = rng() < 0.5 ? 'L' : 'R';
    const c = (a === 'R') !== rng() < NOISE ? 'up' : 'down';
    const u = rng();
    const probs = K_GIVEN_A[a];
    const index = u < probs[0] ? 0 : u < probs[0] + probs[1] ? 1 : 2;
    const y = 10 * index + Math.floor(5 * rng());
    return { a, c, k: K_VALUES[index], y };
  });
}

/** CSV text of rows, columns in the given order; null cells written empty. */
export function ruleCsv(rows: ReadonlyArray<Record<string, string | number | null>>, header: readonly string[] = RULE_HEADER): string {
  return `${header.join(',')}\n${rows.map((row) => header.map((h) => row[h] ?? '').join(',')).join('\n')}\n`;
}

export async function ruleRaw(rows: ReadonlyArray<Record<string, string | number | null>>, header: readonly string[] = RULE_HEADER): Promise<RawTable> {
  return (await ingestCsvText(ruleCsv(rows, header))).raw;
}

export interface RuleModel {
  model: GptModel;
  trainer: SftTrainer;
  codec: RowCodec;
  schema: Schema;
  train: Table;
}

export const TRAIN_ROWS = 4000;
const STEPS = 400;
const BATCH = 16;

/** The tiny preset trained on TRAIN_ROWS rule rows (STEPS steps of BATCH rows, linear decay). */
export async function trainRuleModel(): Promise<RuleModel> {
  const raw = await ruleRaw(ruleRows(TRAIN_ROWS, 1));
  const { schema } = inferSchema(raw);
  const train = applySchema(raw, schema);
  const codec = RowCodec.fromSchema(schema);
  const rt = await testRuntime();
  const model = GptModel.create(rt, configFromPreset('tiny', codec.vocabSize, codec.seqLen), { seed: 2 });
  const trainer = new SftTrainer(model, { batch: BATCH, seqLen: codec.seqLen, valueTokenStart: codec.valueTokenStart, adamw: { lr: 5e-3 } });
  const rng = createRng(3);
  for (let step = 0; step < STEPS; step++) {
    const rows = Array.from({ length: BATCH }, () => Math.floor(rng() * TRAIN_ROWS));
    trainer.step(codec.encodeRows(train, rng, rows), 5e-3 * (1 - step / STEPS) + 1e-4);
    if (step % 16 === 15) await rt.device.queue.onSubmittedWorkDone();
  }
  await rt.device.queue.onSubmittedWorkDone();
  return { model, trainer, codec, schema, train };
}

/** The value of c the rule gives a row (before the noise). */
export function ruleC(a: unknown): string {
  return a === 'R' ? 'up' : 'down';
}
