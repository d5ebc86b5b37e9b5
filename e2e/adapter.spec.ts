import { expect, test } from '@playwright/test';

test('the studio loads and reports the WebGPU adapter it got', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('gpu-adapter')).toContainText('WebGPU adapter:');
});

test('the start URL (?demo=adult) opens on the bundled demo table', async ({ page }) => {
  await page.goto('/?demo=adult');
  await expect(page.getByRole('heading', { name: /Schema of adult\.csv: 48,842 rows, 15 columns/ })).toBeVisible({ timeout: 120_000 });
});
