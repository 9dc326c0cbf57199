import { NextResponse } from 'next/server';
import { getInsights } from '@/lib/chart/insights';
import { parseInput } from '@/lib/validation';
import { cachedReply, replyKey } from '@/app/_http/cached-reply';
import { preflightResponse } from '@/app/_http/cors';
import { handler } from '@/app/_http/handler';
import { methodsNotAllowed } from '@/app/_http/method-not-allowed';
import { searchParamsObject } from '@/app/_http/search-params';
import { singleChartParamsSchema } from '../../../chart/schema';
import { insightsQueryKeys, insightsQuerySchema } from '../../schema';

export const GET = handler<{ trackUuid: string; platformSlug: string }>(
  async (request, rawParams) => {
    const params = parseInput(singleChartParamsSchema, rawParams, 'path');
    const query = parseInput(insightsQuerySchema, searchParamsObject(request.nextUrl.searchParams, insightsQueryKeys), 'query');
    return cachedReply(request, {
      key: replyKey('insights', { ...params, ...query }),
      trackUuids: [params.trackUuid],
      build: async (db) => {
        const reply = await getInsights(db, params.trackUuid, params.platformSlug, { asOf: query.as_of, horizon: query.horizon });
        return NextResponse.json({ success: true, ...reply });
      },
    });
  },
  { cors: true },
);

export const OPTIONS = (request: Request): Response => preflightResponse(request);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'OPTIONS']);
