// Runs a command with the environment Dawn needs for the SwiftShader adapter.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SWIFTSHADER_ICD } from './ensure-setup.mjs';

export function gpuEnv() {
  const env = { ...process.env };
  if (!env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  env.XDG_RUNTIME_DIR ??= mkdtempSync(join(tmpdir(), 'xdg-'));
  return env;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, ...args] = process.argv.slice(2);
  const result = spawnSync(command, args, { stdio: 'inherit', env: gpuEnv(), shell: false });
  process.exit(result.status ?? 1);
}
