import { readFloats } from '../kernels/readback';
import type { AdamW } from './adamw-optimizer';
import type { GptConfig } from './config';
import type { GptModel } from './gpt-model';
import { buildParamLayout } from './param-layout';

/**
 * One binary blob: magic "TABGRAA1", u32 little-endian header length, JSON header (padded with
 * spaces to 4 bytes), then the flat f32 buffers params, adam m, adam v (little-endian, layout of
 * param-layout.ts). Bit-exact: floats are copied, never printed.
 */
export interface Checkpoint {
  config: GptConfig;
  /** The codec's own JSON (vocabulary, columns), opaque here. */
  codec: unknown;
  /** AdamW steps taken. */
  step: number;
  extra?: unknown;
  params: Float32Array;
  adamM: Float32Array;
  adamV: Float32Array;
}

const MAGIC = 'TABGRAA1';
const BUFFERS = ['params', 'adamM', 'adamV'] as const;

interface Header {
  config: GptConfig;
  codec: unknown;
  step: number;
  extra?: unknown;
  /** Byte offset (from the start of the data section) and float count of each buffer. */
  tensors: Record<(typeof BUFFERS)[number], { offset: number; floats: number }>;
}

export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  const floats = buildParamLayout(c.config).totalFloats;
  for (const name of BUFFERS) {
    if (c[name].length !== floats) throw new Error(`Checkpoint: ${name} has ${c[name].length} floats, the config needs ${floats}.`);
  }
  const tensors = Object.fromEntries(BUFFERS.map((name, i) => [name, { offset: i * floats * 4, floats }])) as Header['tensors'];
  const header: Header = { config: c.config, codec: c.codec, step: c.step, extra: c.extra, tensors };
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 4) * 4;
  json = Uint8Array.from({ length: padded }, (_, i) => (i < json.length ? json[i] : 0x20));
  const dataStart = MAGIC.length + 4 + padded;
  const out = new Uint8Array(dataStart + BUFFERS.length * floats * 4);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, padded, true);
  out.set(json, MAGIC.length + 4);
  BUFFERS.forEach((name, i) => out.set(littleEndianBytes(c[name]), dataStart + i * floats * 4));
  return out;
}

export function decodeCheckpoint(blob: Uint8Array): Checkpoint {
  const fail = (why: string) => new Error(`Not a readable tabgraa checkpoint: ${why}. Choose a file saved by this app.`);
  if (blob.length < MAGIC.length + 4 || new TextDecoder().decode(blob.subarray(0, MAGIC.length)) !== MAGIC) throw fail('wrong magic bytes');
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const dataStart = MAGIC.length + 4 + headerLength;
  if (dataStart > blob.length) throw fail('truncated header');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(blob.subarray(MAGIC.length + 4, dataStart)));
  } catch {
    throw fail('corrupt header');
  }
  const floats = buildParamLayout(header.config).totalFloats;
  const read = (name: (typeof BUFFERS)[number]) => {
    const t = header.tensors?.[name];
    if (!t || t.floats !== floats || dataStart + t.offset + floats * 4 > blob.length) throw fail(`${name} missing or truncated`);
    return fromLittleEndian(blob.subarray(dataStart + t.offset, dataStart + t.offset + floats * 4));
  };
  return {
    config: header.config,
    codec: header.codec,
    step: header.step,
    extra: header.extra,
    params: read('params'),
    adamM: read('adamM'),
    adamV: read('adamV'),
  };
}

const littleEndianHost = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function littleEndianBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  if (!littleEndianHost) swapWords(bytes);
  return bytes;
}

function fromLittleEndian(bytes: Uint8Array): Float32Array {
  const copy = bytes.slice();
  if (!littleEndianHost) swapWords(copy);
  return new Float32Array(copy.buffer);
}

function swapWords(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i += 4) bytes.subarray(i, i + 4).reverse();
}

/** Reads the model's parameters and Adam moments off the GPU into a checkpoint blob. */
export async function saveCheckpoint(model: GptModel, adamw: AdamW, codec: unknown, extra?: unknown): Promise<Uint8Array> {
  const [params, adamM, adamV] = await Promise.all([model.params, model.adamM, model.adamV].map((b) => readFloats(model.rt.device, b, 0, model.floats)));
  return encodeCheckpoint({ config: model.config, codec, step: adamw.step, extra, params, adamM, adamV });
}

/** Writes a checkpoint's buffers into a model of the same config and restores the AdamW step. */
export function restoreCheckpoint(model: GptModel, adamw: AdamW, checkpoint: Checkpoint): void {
  const keys: Array<keyof GptConfig> = ['vocabSize', 'contextLength', 'layers', 'heads', 'dModel'];
  if (keys.some((k) => checkpoint.config[k] !== model.config[k])) {
    throw new Error(
      `Checkpoint config ${JSON.stringify(checkpoint.config)} differs from the model's ${JSON.stringify(model.config)}; create the model from the checkpoint's config.`,
    );
  }
  model.uploadParams(checkpoint.params);
  model.uploadParams(checkpoint.adamM, model.adamM);
  model.uploadParams(checkpoint.adamV, model.adamV);
  adamw.step = checkpoint.step;
}
