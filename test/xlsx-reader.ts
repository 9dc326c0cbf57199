import { inflateRawSync } from 'node:zlib';

/**
 * A reader of .xlsx files written for the tests, independent of the library that writes them: the
 * zip's central directory read by hand, entries inflated with node:zlib, the sheet's XML read for
 * what the export promises (cell types, number formats, the frozen pane).
 */

type XlsxCell = { ref: string; type: 'number' | 'string' | 'other'; text: string; numberFormat: string | undefined };
export type XlsxSheet = { rows: XlsxCell[][]; frozenRows: number };

function zipEntries(file: Buffer): Map<string, Buffer> {
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end === -1) throw new Error('not a zip file: no end of central directory');
  const count = file.readUInt16LE(end + 10);
  let at = file.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let index = 0; index < count; index += 1) {
    if (file.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = file.readUInt16LE(at + 10);
    const compressedSize = file.readUInt32LE(at + 20);
    const nameLength = file.readUInt16LE(at + 28);
    const extraLength = file.readUInt16LE(at + 30);
    const commentLength = file.readUInt16LE(at + 32);
    const localAt = file.readUInt32LE(at + 42);
    const name = file.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = localAt + 30 + file.readUInt16LE(localAt + 26) + file.readUInt16LE(localAt + 28);
    const data = file.subarray(dataAt, dataAt + compressedSize);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const unescapeXml = (text: string): string =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

const attribute = (tag: string, name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

/** The built-in formats the export may use, by id; custom ones come from styles.xml. */
const builtInFormats: Record<string, string> = { '0': 'General', '14': 'mm-dd-yy' };

function numberFormats(styles: string): (string | undefined)[] {
  const custom = new Map<string, string>();
  for (const match of styles.matchAll(/<numFmt\b[^>]*>/g)) {
    const id = attribute(match[0], 'numFmtId');
    const code = attribute(match[0], 'formatCode');
    if (id && code) custom.set(id, unescapeXml(code));
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  return [...cellXfs.matchAll(/<xf\b[^>]*>/g)].map((match) => {
    const id = attribute(match[0], 'numFmtId') ?? '0';
    return custom.get(id) ?? builtInFormats[id];
  });
}

/** The first sheet of the workbook. */
export function readXlsx(file: Buffer): XlsxSheet {
  const entries = zipEntries(file);
  const sheetXml = entries.get('xl/worksheets/sheet1.xml')?.toString('utf8');
  if (!sheetXml) throw new Error('no xl/worksheets/sheet1.xml');
  const shared = [...(entries.get('xl/sharedStrings.xml')?.toString('utf8') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((match) =>
    unescapeXml([...(match[1] ?? '').matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')),
  );
  const formats = numberFormats(entries.get('xl/styles.xml')?.toString('utf8') ?? '');
  const rows = [...sheetXml.matchAll(/<row\b[^>]*>([\s\S]*?)<\/row>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((cell): XlsxCell => {
      const head = cell[1] ?? '';
      const body = cell[2] ?? '';
      const t = attribute(head, 't');
      const style = attribute(head, 's');
      const numberFormat = style === undefined ? undefined : formats[Number(style)];
      const ref = attribute(head, 'r') ?? '';
      if (t === 's') return { ref, type: 'string', text: shared[Number(/<v>([^<]*)<\/v>/.exec(body)?.[1])] ?? '', numberFormat };
      if (t === 'inlineStr' || t === 'str') return { ref, type: 'string', text: unescapeXml(/<t\b[^>]*>([\s\S]*?)<\/t>/.exec(body)?.[1] ?? ''), numberFormat };
      const value = /<v>([^<]*)<\/v>/.exec(body)?.[1];
      if ((t === undefined || t === 'n') && value !== undefined) return { ref, type: 'number', text: value, numberFormat };
      return { ref, type: 'other', text: value ?? '', numberFormat };
    }),
  );
  const pane = /<pane\b[^>]*>/.exec(sheetXml)?.[0];
  const frozenRows = pane && attribute(pane, 'state') === 'frozen' ? Number(attribute(pane, 'ySplit') ?? 0) : 0;
  return { rows, frozenRows };
}

/** An Excel serial day (1900 system) as YYYY-MM-DD. */
export function excelSerialToIsoDate(serial: number): string {
  return new Date(Math.round((serial - 25569) * 86_400_000)).toISOString().slice(0, 10);
}
