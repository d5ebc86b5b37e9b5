import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireGpu, type GpuContext, WebGpuUnavailableError } from './gpu-context';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * One Dawn instance per process, held for the process's lifetime: a device must not outlive the
 * instance that made it, and a command that ends (the CLI's run() inside a test process) would
 * otherwise leave its instance to the garbage collector while its device still waits on callbacks.
 */
let dawn: Promise<GPU> | undefined;

function dawnInstance(): Promise<GPU> {
  dawn ??= (async () => {
    if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'xdg-'));
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    return create([]);
  })();
  return dawn;
}

/** WebGPU in Node through Dawn (the `webgpu` package); SwiftShader when no GPU driver is set. */
export async function acquireNodeGpu(): Promise<GpuContext> {
  const instance = await dawnInstance();
  try {
    return await acquireGpu(instance, [instance]);
  } catch (error) {
    if (error instanceof WebGpuUnavailableError && !existsSync(SWIFTSHADER_ICD)) {
      throw new WebGpuUnavailableError(
        `Dawn found no Vulkan adapter. Install a GPU driver, or the CPU fallback: ` +
          `\`apt-get install -y chromium libvulkan1\` (provides ${SWIFTSHADER_ICD})`,
      );
    }
    throw error;
  }
}
