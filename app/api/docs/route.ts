import { referencePageHtml, referencePagePolicy } from '@/app/_openapi/reference-page';
import { handler } from '@/app/_http/handler';
import { methodsNotAllowed } from '@/app/_http/method-not-allowed';

export const GET = handler<Record<string, never>>(
  async () =>
    new Response(referencePageHtml, {
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': referencePagePolicy, 'Cache-Control': 'public, max-age=300' },
    }),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
