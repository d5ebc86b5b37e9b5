import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireGpu, type GpuContext, WebGpuUnavailableError } from './gpu-context';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** WebGPU in Node through Dawn (the `webgpu` package); SwiftShader when no GPU driver is set. */
export async function acquireNodeGpu(): Promise<GpuContext> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'xdg-'));
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const instance = create([]);
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
