/** A WebGPU device plus what we learned about its adapter. One per run. */
export interface GpuFeatures {
  subgroups: boolean;
  /** Subgroups of exactly 4 lanes (SwiftShader's SIMD width), which matmul-lanes.wgsl relies on. */
  fourWideSubgroups: boolean;
  timestampQuery: boolean;
}

export interface GpuContext {
  device: GPUDevice;
  adapterName: string;
  features: GpuFeatures;
  limits: GPUSupportedLimits;
  /** Resolves when the device is lost, with a message fit for a user. */
  lost: Promise<string>;
  /** Objects that must outlive the device (Dawn's instance in Node). */
  keepAlive: unknown[];
}

export class WebGpuUnavailableError extends Error {
  constructor(detail: string) {
    super(
      `WebGPU is unavailable: ${detail}. Use a recent Chromium-based browser (Chrome or Edge 113+) ` +
        `on a page served over https or from 127.0.0.1, or start Chromium with --enable-unsafe-webgpu.`,
    );
    this.name = 'WebGpuUnavailableError';
  }
}

/** Limits the training engine needs beyond the spec defaults, capped by what the adapter has. */
const WANTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupsPerDimension',
] as const;

function describeAdapter(adapter: GPUAdapter): string {
  const info = adapter.info;
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description].filter((p) => p);
  return parts.length > 0 ? parts.join(' / ') : 'unknown adapter';
}

export async function acquireGpu(gpu: GPU | undefined, keepAlive: unknown[] = []): Promise<GpuContext> {
  if (!gpu) throw new WebGpuUnavailableError('navigator.gpu is not defined');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new WebGpuUnavailableError('no GPU adapter was found');
  const has = (name: string) => adapter.features.has(name);
  const info = adapter.info as GPUAdapterInfo & { subgroupMinSize?: number; subgroupMaxSize?: number };
  const features: GpuFeatures = {
    subgroups: has('subgroups'),
    fourWideSubgroups: has('subgroups') && info?.subgroupMinSize === 4 && info?.subgroupMaxSize === 4,
    timestampQuery: has('timestamp-query'),
  };
  const requiredFeatures: GPUFeatureName[] = [];
  if (features.subgroups) requiredFeatures.push('subgroups' as GPUFeatureName);
  if (features.timestampQuery) requiredFeatures.push('timestamp-query');
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) requiredLimits[name] = adapter.limits[name];
  const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
  const lost = device.lost.then((info) =>
    info.reason === 'destroyed'
      ? 'The GPU device was released.'
      : `The GPU device was lost (${info.reason || 'unknown reason'}: ${info.message}). Your run is saved up to its last checkpoint; reload to resume.`,
  );
  return { device, adapterName: describeAdapter(adapter), features, limits: device.limits, lost, keepAlive };
}
