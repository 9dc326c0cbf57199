import { describe, expect, it } from 'vitest';
import { excelSerialToIsoDate, readXlsx } from '@/test/xlsx-reader';
import { csvField, csvLines, csvStream, plainNumber } from './csv';
import { xlsxStream } from './xlsx';

const chart = {
  labels: ['2025-07-21', '2025-07-22', '2025-07-24'],
  datasets: [
    { label: 'bad guy on Spotify, daily change', data: [523_953, null, 1e21] },
    { label: 'Say "hi" on YouTube', data: [null, 0.5, 1e-7] },
  ],
};

async function bytes(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe('plainNumber', () => {
  it.each([
    [2_764_759_050, '2764759050'],
    [9_007_199_254_740_991, '9007199254740991'],
    [1e21, '1000000000000000000000'],
    [-1.5e22, '-15000000000000000000000'],
    [1e-7, '0.0000001'],
    [-2.5e-8, '-0.000000025'],
    [523_953.857142857, '523953.857142857'],
    [0, '0'],
  ])('writes %d as %s', (value, text) => {
    expect(plainNumber(value)).toBe(text);
    expect(Number(text)).toBe(value);
  });
});

describe('csvField', () => {
  it('quotes only what needs it, doubling quotes', () => {
    expect(csvField('bad guy on Spotify')).toBe('bad guy on Spotify');
    expect(csvField('bad guy on Spotify, daily change')).toBe('"bad guy on Spotify, daily change"');
    expect(csvField('Say "hi"')).toBe('"Say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });
});

describe('csvLines', () => {
  it('writes a header and one CRLF line per label, empty cells where there is no point', () => {
    expect([...csvLines(chart)].join('')).toBe(
      'date,"bad guy on Spotify, daily change","Say ""hi"" on YouTube"\r\n' +
        '2025-07-21,523953,\r\n' +
        '2025-07-22,,0.5\r\n' +
        '2025-07-24,1000000000000000000000,0.0000001\r\n',
    );
  });

  it('writes only the header for a chart without data', () => {
    expect([...csvLines({ labels: [], datasets: [] })]).toEqual(['date\r\n']);
  });

  it('streams the same bytes in chunks, UTF-8 encoded', async () => {
    const many = { labels: Array.from({ length: 1000 }, (_, i) => `d${i}`), datasets: [{ label: 'Beyoncé', data: Array.from({ length: 1000 }, (_, i) => i) }] };
    expect((await bytes(csvStream(many))).toString('utf8')).toBe([...csvLines(many)].join(''));
  });
});

describe('xlsxStream', () => {
  it('writes a frozen header, real dates and numbers, and no cell where there is no point', async () => {
    const sheet = readXlsx(await bytes(xlsxStream(chart, 'bad guy')));
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.rows[0]?.map((cell) => [cell.type, cell.text])).toEqual([
      ['string', 'date'],
      ['string', 'bad guy on Spotify, daily change'],
      ['string', 'Say "hi" on YouTube'],
    ]);
    const body = sheet.rows.slice(1);
    expect(body.map((row) => row.map((cell) => cell.ref))).toEqual([['A2', 'B2'], ['A3', 'C3'], ['A4', 'B4', 'C4']]);
    for (const row of body) {
      expect(row[0]?.type).toBe('number');
      expect(row[0]?.numberFormat).toBe('yyyy-mm-dd');
    }
    expect(body.map((row) => excelSerialToIsoDate(Number(row[0]?.text)))).toEqual(chart.labels);
    expect(body.map((row) => row.slice(1).map((cell) => [cell.type, Number(cell.text)]))).toEqual([
      [['number', 523_953]],
      [['number', 0.5]],
      [['number', 1e21], ['number', 1e-7]],
    ]);
  });

  it('writes a header-only sheet for a chart without data', async () => {
    const sheet = readXlsx(await bytes(xlsxStream({ labels: [], datasets: [] }, 'x')));
    expect(sheet.rows.map((row) => row.map((cell) => cell.text))).toEqual([['date']]);
  });
});
