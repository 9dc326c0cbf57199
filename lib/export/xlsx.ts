import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ExportableChart, LabelColumn } from './csv';

const ROWS_PER_TURN = 500;

/** The day as a spreadsheet date: UTC midnight, which exceljs writes as the serial of that day. */
function excelDate(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

/**
 * The workbook written as it streams out (exceljs' streaming writer): one sheet, a frozen header
 * row, the dates as real dates, values as numbers and no cell where a dataset has no point; the
 * header's text is in the shared-string table, the form every reader takes (an inline "str" cell
 * is meant for a formula's result).
 * Rows are committed in batches, yielding between them so the zip stream drains as it fills.
 */
export function xlsxStream(chart: ExportableChart, sheetName: string, labelColumn: LabelColumn = 'date'): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: true });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31).replace(/[[\]:*?/\\]/g, ' '), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
  });
  sheet.columns = [
    labelColumn === 'date' ? { header: 'date', key: 'date', width: 12, style: { numFmt: 'yyyy-mm-dd' } } : { header: 'day', key: 'day', width: 10 },
    ...chart.datasets.map((dataset, index) => ({ header: dataset.label, key: `d${index}`, width: Math.min(60, Math.max(14, dataset.label.length + 2)) })),
  ];
  const write = async (): Promise<void> => {
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for (let row = 0; row < chart.labels.length; row += 1) {
      const label = chart.labels[row] as string;
      const values: (Date | string | number | null)[] = [labelColumn === 'date' ? excelDate(label) : label];
      for (const dataset of chart.datasets) values.push(dataset.data[row] ?? null);
      sheet.addRow(values).commit();
      if ((row + 1) % ROWS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(output) as ReadableStream<Uint8Array>;
}
