import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { getChartInMode } from '@/lib/chart/derived-replies';
import { parseInput } from '@/lib/validation';
import { preflightResponse } from '@/app/_http/cors';
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
    const chart = await getChartInMode(await getDb(), params.trackUuid, params.platformSlug, toWindow(query), query.mode);
    return NextResponse.json({ success: true, ...chart });
  },
  { cors: true },
);

export const OPTIONS = (request: Request): Response => preflightResponse(request);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'OPTIONS']);
