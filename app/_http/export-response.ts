import { csvStream } from '@/lib/export/csv';
import type { ExportableChart, ExportFormat, LabelColumn } from '@/lib/export/csv';
import { xlsxStream } from '@/lib/export/xlsx';

const contentTypes: Record<Exclude<ExportFormat, 'json'>, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A chart as a file download, streamed; the file name is ASCII (exportFileName), so it needs no encoding. */
export function exportResponse(
  chart: ExportableChart,
  format: Exclude<ExportFormat, 'json'>,
  fileName: string,
  sheetName: string,
  labelColumn: LabelColumn = 'date',
): Response {
  return new Response(format === 'csv' ? csvStream(chart, labelColumn) : xlsxStream(chart, sheetName, labelColumn), {
    headers: {
      'Content-Type': contentTypes[format],
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'no-store',
    },
  });
}
