import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';

const FIXTURES = resolve(import.meta.dirname, 'fixtures');
const SLICE = resolve(FIXTURES, 'adult-slice.csv');
const PASSENGERS = resolve(FIXTURES, 'passengers.csv');
const ARTIFACTS = resolve(import.meta.dirname, 'artifacts');
/** Set by `npm run screenshot` only: tests write nothing but ignored paths. */
const README_SHOT = process.env.README_SCREENSHOT;

mkdirSync(ARTIFACTS, { recursive: true });

async function snap(page: Page, name: string): Promise<string> {
  const path = resolve(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Every request the page (and its worker) makes, to check that none leaves the page's origin. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

function expectOwnOrigin(urls: string[]): void {
  expect(urls.length).toBeGreaterThan(0);
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const foreign = urls.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
  expect(foreign).toEqual([]);
}

async function pickFile(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser', { timeout: 30_000 });
  await page.getByRole('button', { name: /Choose a CSV file/ }).click();
  await (await chooser).setFiles(path);
}

const points = (page: Page, id: string) => page.getByTestId(id).getAttribute('data-points').then(Number);

test('a bad CSV shows the data layer message and leaves the page usable', async ({ page }) => {
  const urls = recordRequests(page);
  await page.goto('/');
  await pickFile(page, resolve(FIXTURES, 'ragged.csv'));
  const error = page.getByTestId('ingest-error');
  await expect(error).toContainText('Row 3 of the file has 2 fields but the first row has 3');
  await expect(page.getByTestId('schema-table')).toHaveCount(0);
  await snap(page, 'bad-csv');
  // The next file still loads.
  await pickFile(page, SLICE);
  await expect(page.getByTestId('schema-table')).toBeVisible();
  await expect(error).toHaveCount(0);
  expectOwnOrigin(urls);
});

test('the drop zone works from the keyboard and the layout fits a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await expect(page.getByTestId('gpu-adapter')).toBeVisible();
  const zone = page.getByRole('button', { name: /Choose a CSV file/ });
  await zone.focus();
  await expect(zone).toBeFocused();
  const chooser = page.waitForEvent('filechooser', { timeout: 30_000 });
  await zone.press('Enter');
  await (await chooser).setFiles(SLICE);
  await expect(page.getByTestId('schema-table')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await snap(page, 'phone-schema');
});

test('"Try the demo" loads the Adult table from the page\'s own origin', async ({ page }) => {
  const urls = recordRequests(page);
  await page.goto('/');
  await page.getByRole('button', { name: /Try the demo/ }).click();
  await expect(page.getByRole('heading', { name: /Schema of adult\.csv: 48,842 rows, 15 columns/ })).toBeVisible();
  await expect(page.getByTestId('schema-table').locator('tbody tr')).toHaveCount(15);
  expect(urls.some((u) => u.endsWith('/adult.csv'))).toBe(true);
  expectOwnOrigin(urls);
});

test('the full path: file, schema, SFT and four TabGRAA rounds with a pause and a reload, download, reload', async ({ page }) => {
  const urls = recordRequests(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await expect(page.getByTestId('gpu-adapter')).toContainText('WebGPU adapter:');
  await snap(page, '1-start');

  await pickFile(page, SLICE);
  const schema = page.getByTestId('schema-table');
  await expect(schema.locator('tbody tr')).toHaveCount(6);
  await expect(page.getByLabel('Type of age')).toHaveValue('numeric');
  await expect(page.getByLabel('Type of sex')).toHaveValue('categorical');
  await expect(page.getByRole('heading', { name: /400 rows, 6 columns/ })).toBeVisible();
  await expect(page.getByTestId('delimiter')).toHaveText('Fields separated by: comma');
  // income is pre-selected from its name, and the page says it was guessed.
  await expect(page.getByLabel('income is the target')).toBeChecked();
  await expect(page.getByTestId('target-line')).toContainText('income — guessed from its name');
  await page.getByLabel('sex is the target').click();
  await page.getByLabel('income is the target').click();
  await expect(page.getByLabel('income is the target')).toBeChecked();
  await expect(page.getByTestId('target-line')).toHaveText(/^Target \(for the utility metric\): incomeclear$/);
  await snap(page, '2-schema');

  // The page measures this GPU, picks settings that finish in minutes and says how long they take.
  await expect(page.getByTestId('suggestion')).toContainText('from its measured speed', { timeout: 180_000 });
  await expect(page.getByTestId('run-estimate')).toHaveAttribute('data-state', 'ready', { timeout: 180_000 });
  await page.getByLabel('Model size').selectOption('tiny');
  await page.getByLabel('Training rows').fill('320');
  await page.getByLabel('SFT epochs').selectOption('fixed');
  await page.getByLabel('Epochs', { exact: true }).fill('8');
  // Four short rounds: a pause clicked after round 1 may land a round later (the worker takes it at its next step).
  await page.getByLabel('Alignment rounds').fill('4');
  // The default is importance resampling by the calibrated realness reward; this path checks TabGRAA's own charts (alignment loss, log-ratios).
  await expect(page.getByLabel('Method')).toHaveValue('resample');
  await expect(page.getByLabel('Reward')).toHaveValue('realness');
  await page.getByLabel('Method').selectOption('tabgraa');
  await page.getByLabel('Reward').selectOption('classifier');
  await page.getByLabel('Rows per round').fill('256');
  await page.getByLabel('Seed').fill('1');
  await expect(page.getByTestId('run-estimate')).toHaveText(/^About .+ on this GPU: SFT .+ \(8 epochs of \d+ steps\), then 4 rounds of about .+ each\.$/, {
    timeout: 180_000,
  });
  await page.getByRole('button', { name: 'Start run' }).click();

  await expect(page.getByTestId('run-dashboard')).toBeVisible();
  await expect.poll(() => points(page, 'chart-sft-loss'), { timeout: 300_000 }).toBeGreaterThan(1);
  await expect(page.getByTestId('time-estimate')).toBeVisible();
  await expect.poll(() => page.getByTestId('sft-validation').getAttribute('data-points').then(Number), { timeout: 300_000 }).toBeGreaterThanOrEqual(1);
  await snap(page, '3-sft');
  // After round 1's evaluation, pause. The worker stops at its next step (work already under way,
  // such as a round's evaluation, ends first); from then on nothing moves until Resume.
  await expect.poll(() => points(page, 'chart-fidelity'), { timeout: 400_000, intervals: [200] }).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused');
  const counts = async () => [await points(page, 'chart-align-loss'), await points(page, 'chart-fidelity'), await page.getByTestId('run-status').textContent()];
  // Work under way when the pause landed (a round's scoring or evaluation) and events still on
  // their way to the page can take seconds on a loaded CPU adapter: settled means three equal
  // readings in a row, 4 s apart.
  let settled = await counts();
  let stillReadings = 0;
  await expect
    .poll(
      async () => {
        const now = await counts();
        stillReadings = JSON.stringify(now) === JSON.stringify(settled) ? stillReadings + 1 : 0;
        settled = now;
        return stillReadings >= 2;
      },
      { timeout: 180_000, intervals: [4_000] },
    )
    .toBe(true);
  await page.waitForTimeout(4_000);
  expect(await counts()).toEqual(settled);
  await expect(page.getByTestId('samples-table')).toBeVisible();
  await snap(page, '4-mid-run');
  // For the README (`npm run screenshot`): one screen of the dashboard, paused after round 1.
  if (README_SHOT) {
    await page.getByTestId('run-dashboard').evaluate((el) => el.scrollIntoView());
    await page.screenshot({ path: README_SHOT });
  }

  // A reload cuts the run off; it comes back from IndexedDB and resumes from its last checkpoint.
  const evaluatedRounds = settled[1] as number;
  await page.reload();
  const interrupted = page.getByTestId('past-runs').getByRole('button', { name: /adult-slice\.csv.*tabgraa · interrupted/ });
  await expect(interrupted).toBeVisible();
  await interrupted.click();
  await expect.poll(() => points(page, 'chart-fidelity')).toBe(evaluatedRounds);
  await expect.poll(() => points(page, 'chart-sft-loss')).toBeGreaterThan(1);
  await expect(page.getByText(/Its model after round \d is kept/)).toBeVisible();
  await snap(page, '5-interrupted');
  await page.getByRole('button', { name: `Resume from round ${evaluatedRounds - 1}` }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 400_000 });
  await expect(page.getByTestId('run-status')).toContainText(/Finished: \d+ SFT steps over 8 epochs, 4 alignment rounds/);
  // Round 0 is the SFT model, then the four aligned rounds.
  for (const id of ['chart-fidelity', 'chart-utility', 'chart-privacy', 'chart-detection']) expect(await points(page, id)).toBe(5);
  await expect(page.getByTestId('chart-distribution')).toBeVisible();
  await expect(page.getByTestId('chart-heatmap')).toBeVisible();
  await expect(page.getByTestId('heatmap-scale')).toBeVisible();
  await snap(page, '6-done');

  await page.getByLabel('Synthetic rows').fill('50');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download synthetic CSV' }).click();
  const file = await (await download).path();
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  expect(lines[0]).toBe(readFileSync(SLICE, 'utf8').split('\n')[0]);
  expect(lines).toHaveLength(51);

  await page.reload();
  const listed = page.getByTestId('past-runs').getByRole('button', { name: /adult-slice\.csv.*tabgraa · done/ });
  await expect(listed).toBeVisible();
  await listed.click();
  await expect.poll(() => points(page, 'chart-fidelity')).toBe(5);
  await snap(page, '7-reopened');
  expectOwnOrigin(urls);
});

test('a long note keeps the schema table in view; a run stopped before its first checkpoint offers only what exists', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await pickFile(page, PASSENGERS);
  const schema = page.getByTestId('schema-table');
  await expect(schema.locator('tbody tr').first()).toContainText('row number');
  // The exclusion note wraps: the last column's controls stay inside the table's box, no sideways scroll.
  const scroller = schema.locator('xpath=..');
  expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  await page.getByLabel('Fare is the target').click();
  await expect(page.getByTestId('target-line')).toContainText('Fare');
  await snap(page, 'long-note-schema');

  await expect(page.getByTestId('run-estimate')).toHaveAttribute('data-state', 'ready', { timeout: 180_000 });
  await page.getByLabel('Model size').selectOption('tiny');
  await page.getByLabel('SFT epochs').selectOption('fixed');
  await page.getByLabel('Epochs', { exact: true }).fill('500');
  await page.getByLabel('Alignment rounds').fill('1');
  await page.getByLabel('Rows per round').fill('64');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-status')).toContainText(/SFT epoch ([3-9]|\d\d+) of 500, step \d+ of \d+/, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped');
  // SFT was saved after each finished epoch: the run goes on from there, with no model to download meanwhile.
  await expect(page.getByText(/before its first checkpoint .* Its SFT after epoch \d+ is kept/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resume from round' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Resume SFT after epoch \d+$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download synthetic CSV' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Checkpoint' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'ONNX model + grammar' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Report (JSON)' })).toBeEnabled();
  await expect(page.getByTestId('no-model')).toBeVisible();
  await expect(page.getByTestId('left-out')).toHaveText('Not in the synthetic table (left out of the model): PassengerId.');
  await snap(page, 'stopped-before-checkpoint');
});
