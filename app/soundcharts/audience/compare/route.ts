import { NextResponse } from 'next/server';
import { compareTracks } from '@/lib/chart/compare-tracks';
import { downsampleReply } from '@/lib/chart/downsample';
import { comparisonFileName } from '@/lib/export/file-names';
import { parseInput } from '@/lib/validation';
import { cachedReply, replyKey } from '@/app/_http/cached-reply';
import { preflightResponse } from '@/app/_http/cors';
import { exportResponse } from '@/app/_http/export-response';
import { handler } from '@/app/_http/handler';
import { methodsNotAllowed } from '@/app/_http/method-not-allowed';
import { searchParamsObject } from '@/app/_http/search-params';
import { toWindow } from '../chart/schema';
import { compareQueryKeys, compareQuerySchema } from './schema';

export const GET = handler<Record<string, never>>(
  async (request) => {
    const query = parseInput(compareQuerySchema, searchParamsObject(request.nextUrl.searchParams, compareQueryKeys), 'query');
    return cachedReply(request, {
      key: replyKey('compare', query),
      trackUuids: query.tracks,
      build: async (db) => {
        const full = await compareTracks(db, query.tracks, query.platform, { align: query.align, mode: query.mode, window: toWindow(query) });
        const comparison = downsampleReply(full, query.max_points, query.mode);
        if (query.format === 'json') return NextResponse.json({ success: true, ...comparison });
        const fileName = comparisonFileName(
          { tracks: comparison.tracks, platform: comparison.platform.slug, align: query.align, mode: query.mode, labels: comparison.chart_data.labels },
          query.format,
        );
        return exportResponse(comparison.chart_data, query.format, fileName, 'Comparison', query.align === 'release' ? 'day' : 'date');
      },
    });
  },
  { cors: true },
);

export const OPTIONS = (request: Request): Response => preflightResponse(request);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'OPTIONS']);
