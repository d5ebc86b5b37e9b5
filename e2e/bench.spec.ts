import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

// The browser half of `npm run bench` (bench/playwright.config.ts runs it). Tagged @bench so the
// studio's own Playwright config leaves it out (grepInvert: /@bench/). Nothing here asserts a timing.
test('browser benchmark: bench.html on Chromium WebGPU @bench', async ({ page }) => {
  const quick = process.env.BENCH_QUICK === '1';
  page.on('console', (message) => console.log(`[page] ${message.text()}`));
  await page.goto(`/bench.html${quick ? '?quick=1' : ''}`);
  const handle = await page.waitForFunction(() => window.benchResult, undefined, { timeout: 0, polling: 1000 });
  const result = await handle.jsonValue();
  writeFileSync(process.env.BENCH_OUT ?? 'bench/out/browser.json', JSON.stringify(result, null, 2));
  expect(result, 'the page reported an error instead of results').not.toHaveProperty('error');
});
