import { NextResponse } from 'next/server';
import { openApiDocument } from '@/app/_openapi/document';
import { handler } from '@/app/_http/handler';
import { methodsNotAllowed } from '@/app/_http/method-not-allowed';

const document = openApiDocument();

export const GET = handler<Record<string, never>>(async () =>
  NextResponse.json(document, { headers: { 'Cache-Control': 'public, max-age=300' } }),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
