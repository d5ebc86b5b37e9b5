import { RowCodec, type RowCodecJson } from '../data/row-codec';
import type { Schema } from '../data/types';
import type { Checkpoint } from '../model/checkpoint';

/** The codec saved in the checkpoint; the run's schema builds the same one when none was saved. */
export function codecOf(checkpoint: Checkpoint, schema: Schema): RowCodec {
  return checkpoint.codec ? RowCodec.fromJSON(checkpoint.codec as RowCodecJson) : RowCodec.fromSchema(schema);
}
