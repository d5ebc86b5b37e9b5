import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { SuiteResult } from './suite';

/**
 * Runs bench/page/bench.html in the system Chromium through Playwright (bench/playwright.config.ts) and
 * returns what the page measured, or why it could not.
 */
export async function runBrowserBench(quick: boolean, outFile: string): Promise<SuiteResult | { error: string }> {
  rmSync(outFile, { force: true });
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn('npx', ['playwright', 'test', '-c', 'bench/playwright.config.ts'], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_QUICK: quick ? '1' : '0', BENCH_OUT: outFile },
    });
    child.on('exit', resolve);
    child.on('error', () => resolve(null));
  });
  if (!existsSync(outFile)) {
    return {
      error: `the browser benchmark wrote no results (playwright exit code ${code}); run \`npx playwright test -c bench/playwright.config.ts\` to see why`,
    };
  }
  return JSON.parse(readFileSync(outFile, 'utf8')) as SuiteResult | { error: string };
}
