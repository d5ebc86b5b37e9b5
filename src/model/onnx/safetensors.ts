import type { GptConfig } from '../config';
import { validateConfig } from '../config';
import { buildParamLayout } from '../param-layout';

/**
 * safetensors (Hugging Face): u64 little-endian header length N, N bytes of JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__: {string: string}}`, then the
 * raw little-endian tensor bytes, offsets relative to the end of the header. We write F32 only:
 * that is what our flat parameter buffer holds and what `safetensors.torch.load_file` reads.
 */
export interface SafetensorsEntry {
  shape: number[];
  data: Float32Array;
}

export interface SafetensorsFile {
  tensors: Map<string, SafetensorsEntry>;
  metadata: Record<string, string>;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Header padded with spaces so the data starts on an 8-byte boundary (as the Rust writer does). */
const HEADER_ALIGN = 8;
const METADATA_KEY = '__metadata__';
const CONFIG_KEY = 'tabgraa.config';

export function writeSafetensors(tensors: Iterable<[string, SafetensorsEntry]>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, HeaderEntry | Record<string, string>> = { [METADATA_KEY]: metadata };
  const parts: Float32Array[] = [];
  let offset = 0;
  for (const [name, { shape, data }] of tensors) {
    const count = shape.reduce((a, b) => a * b, 1);
    if (count !== data.length) throw new Error(`safetensors: tensor "${name}" has shape [${shape}] (${count} values) but ${data.length} values were given.`);
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.byteLength] };
    parts.push(data);
    offset += data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((HEADER_ALIGN - ((8 + new TextEncoder().encode(json).length) % HEADER_ALIGN)) % HEADER_ALIGN);
  const headerBytes = new TextEncoder().encode(json);

  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const data of parts) {
    // Copy bytes, not floats, so every bit pattern (NaN payloads included) survives.
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    at += data.byteLength;
  }
  return out;
}

export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) throw new Error(`safetensors: file is ${bytes.length} bytes, too short to hold the 8-byte header length.`);
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  const dataStart = 8 + headerLength;
  if (dataStart > bytes.length)
    throw new Error(`safetensors: header length ${headerLength} runs past the end of the ${bytes.length}-byte file; the file is truncated or not safetensors.`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (error) {
    throw new Error(`safetensors: the header is not valid UTF-8 JSON (${(error as Error).message}); the file is not safetensors.`);
  }
  const dataLength = bytes.length - dataStart;
  const metadata = (header[METADATA_KEY] ?? {}) as Record<string, string>;
  const tensors = new Map<string, SafetensorsEntry>();
  for (const [name, raw] of Object.entries(header)) {
    if (name === METADATA_KEY) continue;
    const {
      dtype,
      shape,
      data_offsets: [begin, end],
    } = raw as HeaderEntry;
    if (dtype !== 'F32')
      throw new Error(`safetensors: tensor "${name}" is ${dtype}; only F32 is supported. Save the checkpoint with float32 weights (model.float()).`);
    const count = shape.reduce((a, b) => a * b, 1);
    if (!(begin >= 0 && end <= dataLength && end - begin === count * 4)) {
      throw new Error(
        `safetensors: tensor "${name}" has data_offsets [${begin}, ${end}] that do not fit its shape [${shape}] or the ${dataLength} data bytes.`,
      );
    }
    // slice() copies into a fresh, 4-byte aligned buffer whatever the source alignment.
    const data = new Float32Array(bytes.slice(dataStart + begin, dataStart + end).buffer);
    tensors.set(name, { shape, data });
  }
  return { tensors, metadata };
}

/** Our flat parameter buffer as safetensors with GPT-2 names; the config rides in `__metadata__`. */
export function paramsToSafetensors(config: GptConfig, params: Float32Array, metadata: Record<string, string> = {}): Uint8Array {
  const layout = buildParamLayout(config);
  if (params.length !== layout.totalFloats)
    throw new Error(`safetensors: parameter buffer holds ${params.length} floats, the layout for this config needs ${layout.totalFloats}.`);
  const tensors = layout.tensors.map((t): [string, SafetensorsEntry] => [t.name, { shape: t.shape, data: params.subarray(t.offset, t.offset + t.size) }]);
  return writeSafetensors(tensors, { format: 'pt', ...metadata, [CONFIG_KEY]: JSON.stringify(config) });
}

/** Reads a file written by paramsToSafetensors (or by PyTorch with the same names) back into our flat layout. */
export function paramsFromSafetensors(
  bytes: Uint8Array,
  expectedConfig?: GptConfig,
): { config: GptConfig; params: Float32Array; metadata: Record<string, string> } {
  const { tensors, metadata } = readSafetensors(bytes);
  const configJson = metadata[CONFIG_KEY];
  const config = expectedConfig ?? (configJson ? (JSON.parse(configJson) as GptConfig) : undefined);
  if (!config) throw new Error(`safetensors: no "${CONFIG_KEY}" entry in __metadata__; pass the model config explicitly.`);
  validateConfig(config);
  const layout = buildParamLayout(config);
  const params = new Float32Array(layout.totalFloats);
  const missing: string[] = [];
  for (const t of layout.tensors) {
    const entry = tensors.get(t.name);
    if (!entry) {
      missing.push(t.name);
      continue;
    }
    if (entry.shape.join(',') !== t.shape.join(',')) throw new Error(`safetensors: "${t.name}" has shape [${entry.shape}], the config expects [${t.shape}].`);
    new Uint8Array(params.buffer, t.offset * 4, t.size * 4).set(new Uint8Array(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength));
  }
  const unknown = [...tensors.keys()].filter((name) => !layout.byName.has(name));
  if (missing.length || unknown.length) {
    throw new Error(`safetensors: the file does not match the model config. Missing: [${missing.join(', ')}]; unexpected: [${unknown.join(', ')}].`);
  }
  return { config, params, metadata };
}
