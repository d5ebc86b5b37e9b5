// Installs what the project needs and is missing: npm dependencies, and (as root on Debian)
// Chromium + the Vulkan loader, which provide the SwiftShader WebGPU adapter for tests.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

function run(command) {
  console.log(`> ${command}`);
  execSync(command, { stdio: 'inherit' });
}

export function ensureNodeModules() {
  if (!existsSync('node_modules/.package-lock.json')) run('npm ci --no-audit --no-fund');
}

function hasVulkanLoader() {
  try {
    return execSync('ldconfig -p', { encoding: 'utf8' }).includes('libvulkan.so.1');
  } catch {
    return false;
  }
}

export function ensureChromium() {
  const missing = [];
  if (!existsSync('/usr/bin/chromium') || !existsSync(SWIFTSHADER_ICD)) missing.push('chromium');
  if (!hasVulkanLoader()) missing.push('libvulkan1');
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    run('apt-get update -qq');
    run(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`);
    return;
  }
  console.error(
    `Missing: ${missing.join(', ')}. The tests run WebGPU on the CPU through SwiftShader, which ` +
      `Debian's Chromium ships, and Dawn needs the Vulkan loader. Install them with:\n` +
      `  sudo apt-get install -y ${missing.join(' ')}`,
  );
  process.exit(1);
}
