import { expect, test } from '@playwright/test';

test('the app loads and the API answers', async ({ page, request }) => {
  const health = await request.get('/api/health');
  expect(health.ok()).toBe(true);
  await page.goto('/');
  await expect(page.locator('h1')).toBeVisible();
});
