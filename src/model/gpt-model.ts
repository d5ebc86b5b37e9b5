import { ADAMW_DECAY_BLOCK } from '../kernels/adamw';
import type { Copy } from '../kernels/dispatch';
import { floatRange } from '../kernels/kernel-dispatch';
import type { MatmulFactory } from '../kernels/matmul';
import { defaultMatmul, MATMULS, type MatmulChoice, runnableMatmuls } from '../kernels/matmul-variants';
import { readFloats } from '../kernels/readback';
import type { GpuRuntime } from '../kernels/runtime';
import { type GptConfig, validateConfig } from './config';
import { initialParams } from './init-params';
import { assertModelFits } from './model-limits';
import { buildParamLayout, type ParamLayout, tensor } from './param-layout';

export interface GptModelOptions {
  /** Seed of the GPT-2 initialisation (default 1). */
  seed?: number;
  /** Matmul variant (see matmul-variants.ts). Default: the fastest for the adapter. */
  matmul?: MatmulChoice;
}

function pickMatmul(rt: GpuRuntime, choice: MatmulChoice | undefined): MatmulFactory {
  const picked = choice ?? defaultMatmul(rt);
  const runnable = runnableMatmuls(rt.ctx.features);
  if (!runnable.includes(picked)) {
    throw new Error(`This adapter cannot run the ${picked} matmul (it needs subgroups exactly 4 wide). Use ${runnable.join(' or ')}.`);
  }
  return MATMULS[picked];
}

/**
 * The GPT's state on the GPU: parameters, gradients and both Adam moments, each ONE flat buffer in
 * the layout of param-layout.ts (llm.c). Activations live in batch plans (batch-plan.ts).
 */
export class GptModel {
  readonly layout: ParamLayout;
  readonly params: GPUBuffer;
  readonly grads: GPUBuffer;
  readonly adamM: GPUBuffer;
  readonly adamV: GPUBuffer;
  /** One u32 per 64-float block: 1 where AdamW decays (matrices), 0 elsewhere. */
  readonly decayBlocks: GPUBuffer;
  readonly matmul: MatmulFactory;

  private constructor(
    readonly rt: GpuRuntime,
    readonly config: GptConfig,
    options: GptModelOptions,
  ) {
    validateConfig(config);
    assertModelFits(config, rt.device.limits);
    this.layout = buildParamLayout(config);
    const bytes = this.layout.totalFloats * 4;
    this.params = rt.arena.storage('params', bytes);
    this.grads = rt.arena.storage('grads', bytes);
    this.adamM = rt.arena.storage('adam m', bytes);
    this.adamV = rt.arena.storage('adam v', bytes);
    const decay = new Uint32Array(this.layout.totalFloats / ADAMW_DECAY_BLOCK);
    for (const t of this.layout.tensors) {
      if (t.decay) decay.fill(1, t.offset / ADAMW_DECAY_BLOCK, Math.ceil((t.offset + t.size) / ADAMW_DECAY_BLOCK));
    }
    this.decayBlocks = rt.arena.upload('decay blocks', decay);
    this.matmul = pickMatmul(rt, options.matmul);
  }

  /** Allocates the model and writes the seeded GPT-2 initialisation. */
  static create(rt: GpuRuntime, config: GptConfig, options: GptModelOptions = {}): GptModel {
    const model = new GptModel(rt, config, options);
    model.uploadParams(initialParams(config, options.seed ?? 1));
    return model;
  }

  get floats(): number {
    return this.layout.totalFloats;
  }

  uploadParams(values: Float32Array, target: GPUBuffer = this.params): void {
    if (values.length !== this.floats) {
      throw new Error(`Expected ${this.floats} parameter floats for this config, got ${values.length}. Was it saved with another model config?`);
    }
    this.rt.device.queue.writeBuffer(target, 0, values.buffer, values.byteOffset, values.byteLength);
  }

  downloadParams(source: GPUBuffer = this.params): Promise<Float32Array> {
    return readFloats(this.rt.device, source, 0, this.floats);
  }

  /** Another parameter set of this layout (e.g. the frozen reference model), allocated once. */
  allocateParameterSet(label: string): GPUBuffer {
    return this.rt.arena.storage(label, this.floats * 4);
  }

  /** A step op copying the parameters into another set on the GPU (policy → reference). */
  copyParamsOp(destination: GPUBuffer, source: GPUBuffer = this.params): Copy {
    return { label: 'copy params', source, sourceOffset: 0, destination, destinationOffset: 0, size: this.floats * 4 };
  }

  /** A binding of one named tensor inside a flat buffer (params by default, or grads). */
  bind(name: string, buffer: GPUBuffer = this.params): GPUBufferBinding {
    const t = tensor(this.layout, name);
    return floatRange(buffer, t.offset, t.size);
  }

  /** gamma and beta of a LayerNorm as one binding, and where beta starts inside it. */
  bindLayerNorm(prefix: string, buffer: GPUBuffer = this.params): { binding: GPUBufferBinding; betaOffset: number } {
    const gamma = tensor(this.layout, `${prefix}.weight`);
    const beta = tensor(this.layout, `${prefix}.bias`);
    return { binding: floatRange(buffer, gamma.offset, beta.offset + beta.size - gamma.offset), betaOffset: beta.offset - gamma.offset };
  }
}
