import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import type { Download, Page } from '@playwright/test';
import { BAD_GUY_UUID } from '@/lib/demo/catalogue';
import { excelSerialToIsoDate, readXlsx } from '@/test/xlsx-reader';

const specDays = `/tracks/${BAD_GUY_UUID}?range=custom&from=2025-07-21&to=2025-07-23&platforms=spotify,apple_music`;

async function download(page: Page, name: string): Promise<{ download: Download; bytes: Buffer }> {
  const [started] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  const file = await started.path();
  return { download: started, bytes: await readFile(file) };
}

test('Download CSV saves the numbers of the view shown', async ({ page }) => {
  await page.goto(specDays);
  const { download: saved, bytes } = await download(page, 'Download CSV');
  expect(saved.suggestedFilename()).toBe('bad-guy_spotify-apple-music_2025-07-21_2025-07-23.csv');
  expect(bytes.toString('utf8')).toBe(
    'date,bad guy on Spotify,bad guy on Apple Music\r\n' +
      '2025-07-21,2763701395,1500000\r\n' +
      '2025-07-22,2764225348,1550000\r\n' +
      '2025-07-23,2764759050,1600000\r\n',
  );
});

test('Download Excel saves the daily change of the view shown, dates as dates and numbers as numbers', async ({ page }) => {
  await page.goto(`${specDays}&mode=daily`);
  const { download: saved, bytes } = await download(page, 'Download Excel');
  expect(saved.suggestedFilename()).toBe('bad-guy_spotify-apple-music_daily_2025-07-21_2025-07-23.xlsx');
  const sheet = readXlsx(bytes);
  expect(sheet.frozenRows).toBe(1);
  expect(sheet.rows[0]?.map((cell) => cell.text)).toEqual(['date', 'bad guy on Spotify, daily change', 'bad guy on Apple Music, daily change']);
  const rows = sheet.rows.slice(1).map((row) => [excelSerialToIsoDate(Number(row[0]?.text)), ...row.slice(1).map((cell) => [cell.type, Number(cell.text)])]);
  // The day before the range feeds its first change; Apple Music's series starts on 2025-06-21 in the demo.
  expect(rows.slice(1)).toEqual([
    ['2025-07-22', ['number', 523_953], ['number', 50_000]],
    ['2025-07-23', ['number', 533_702], ['number', 50_000]],
  ]);
  expect(rows[0]?.[0]).toBe('2025-07-21');
});
