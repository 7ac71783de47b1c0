// Keyboard paths through the chrome: the skip link comes first and lands in <main>; the narrow-
// screen lesson menu opens and closes from the keyboard (Escape returns focus to its button).
import { expect, test } from '@playwright/test';

test('the first Tab reaches a visible skip link that moves focus to the main content', async ({ page }) => {
  await page.goto('/lessons/check-in/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main-content')).toBeFocused();
  await expect(page).toHaveURL(/#main-content$/);
});

test('the lesson menu on a narrow screen works from the keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto('/lessons/grad-cam/');
  const menu = page.getByRole('button', { name: 'Lessons' });
  const list = page.locator('#lesson-list');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(list).toBeHidden();
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(list).toBeVisible();
  await expect(list.getByRole('link', { name: /Grad-CAM/ })).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('Tab');
  await expect(list.getByRole('link').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeFocused();
  await expect(list).toBeHidden();
});

test('on a wide screen the lesson list is always shown and the menu button is not', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/lessons/grad-cam/');
  await expect(page.getByRole('button', { name: 'Lessons' })).toBeHidden();
  await expect(page.locator('#lesson-list')).toBeVisible();
});
