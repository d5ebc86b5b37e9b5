export type PipelineConstants = Record<string, number | boolean>;

/** Compute pipelines, compiled once per (shader, entry point, override constants). */
export class PipelineCache {
  private readonly modules = new Map<string, GPUShaderModule>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(readonly device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  get(code: string, constants: PipelineConstants = {}, entryPoint = 'main'): GPUComputePipeline {
    const constantKey = Object.keys(constants)
      .sort()
      .map((k) => `${k}=${Number(constants[k])}`)
      .join(',');
    const key = `${entryPoint}|${constantKey}|${code}`;
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      const numeric: Record<string, number> = {};
      for (const [k, v] of Object.entries(constants)) numeric[k] = Number(v);
      pipeline = this.device.createComputePipeline({
        layout: 'auto',
        compute: { module: this.module(code), entryPoint, constants: numeric },
      });
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  private module(code: string): GPUShaderModule {
    let module = this.modules.get(code);
    if (!module) {
      module = this.device.createShaderModule({ code });
      this.modules.set(code, module);
    }
    return module;
  }
}

/** A bind group for group 0 whose entries are bindings 0..n-1 in order. */
export function bindAll(device: GPUDevice, pipeline: GPUComputePipeline, resources: Array<GPUBuffer | GPUBufferBinding>, label?: string): GPUBindGroup {
  return device.createBindGroup({
    label,
    layout: pipeline.getBindGroupLayout(0),
    entries: resources.map((r, binding) => ({ binding, resource: 'buffer' in r ? r : { buffer: r } })),
  });
}
