import { NextResponse } from 'next/server';
import { getChartInMode } from '@/lib/chart/derived-replies';
import { downsampleReply } from '@/lib/chart/downsample';
import { exportFileName } from '@/lib/export/file-names';
import { parseInput } from '@/lib/validation';
import { cachedReply, replyKey } from '@/app/_http/cached-reply';
import { preflightResponse } from '@/app/_http/cors';
import { exportResponse } from '@/app/_http/export-response';
import { handler } from '@/app/_http/handler';
import { methodsNotAllowed } from '@/app/_http/method-not-allowed';
import { searchParamsObject } from '@/app/_http/search-params';
import { chartQueryKeys, singleChartParamsSchema, singleChartQuerySchema, toWindow } from '../../schema';

export const GET = handler<{ trackUuid: string; platformSlug: string }>(
  async (request, rawParams) => {
    const params = parseInput(singleChartParamsSchema, rawParams, 'path');
    const query = parseInput(
      singleChartQuerySchema,
      searchParamsObject(request.nextUrl.searchParams, chartQueryKeys),
      'query',
    );
    return cachedReply(request, {
      key: replyKey('chart', { ...params, ...query }),
      trackUuids: [params.trackUuid],
      build: async (db) => {
        const full = await getChartInMode(db, params.trackUuid, params.platformSlug, toWindow(query), query.mode);
        const chart = downsampleReply(full, query.max_points, query.mode);
        if (query.format === 'json') return NextResponse.json({ success: true, ...chart });
        const fileName = exportFileName(
          { trackName: chart.track.name, trackUuid: chart.track.uuid, platforms: [chart.platform.slug], mode: query.mode, labels: chart.chart_data.labels },
          query.format,
        );
        return exportResponse(chart.chart_data, query.format, fileName, chart.track.name);
      },
    });
  },
  { cors: true },
);

export const OPTIONS = (request: Request): Response => preflightResponse(request);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'OPTIONS']);
