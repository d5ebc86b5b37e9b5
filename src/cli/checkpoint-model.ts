import type { CheckpointExtra } from '../align/run-session';
import { RowCodec, type RowCodecJson } from '../data/row-codec';
import type { Schema } from '../data/types';
import { acquireNodeGpu } from '../kernels/node-gpu';
import { createRuntime, type GpuRuntime } from '../kernels/runtime';
import { decodeCheckpoint } from '../model/checkpoint';
import { GptModel } from '../model/gpt-model';
import { readCheckpointFile } from './checkpoint-file';

/** A checkpoint written by `tabgraa fit`, loaded onto this machine's GPU. */
export interface CheckpointModel {
  rt: GpuRuntime;
  model: GptModel;
  codec: RowCodec;
  schema: Schema;
  /** The run's sampling temperature. */
  temperature: number;
  close(): void;
}

export async function loadCheckpointModel(path: string): Promise<CheckpointModel> {
  const checkpoint = decodeCheckpoint(await readCheckpointFile(path));
  const extra = checkpoint.extra as CheckpointExtra | undefined;
  if (!extra?.schema) throw new Error('This checkpoint carries no schema; it was not written by tabgraa fit.');
  const codec = RowCodec.fromJSON(checkpoint.codec as RowCodecJson);
  const rt = createRuntime(await acquireNodeGpu());
  const model = GptModel.create(rt, checkpoint.config);
  model.uploadParams(checkpoint.params);
  return {
    rt,
    model,
    codec,
    schema: extra.schema,
    temperature: extra.runConfig?.temperature ?? 1,
    close: () => {
      rt.arena.destroy();
      rt.device.destroy();
    },
  };
}
