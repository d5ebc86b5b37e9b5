import { expect, test } from '@playwright/test';

test('the studio loads and reports the WebGPU adapter it got', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('gpu-adapter')).toContainText('WebGPU adapter:');
});
