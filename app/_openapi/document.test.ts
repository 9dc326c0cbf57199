import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { documentValidator } from '@/test/openapi-validator';
import { openApiDocument } from './document';

const appDir = path.resolve(import.meta.dirname, '..');

/** The URL template of every route.ts under app/, catch-alls left out (they answer the 404 envelope). */
function routeTemplates(): string[] {
  return readdirSync(appDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'route.ts' && !file.includes('[[...'))
    .map((file) => `/${path.dirname(file).split(path.sep).join('/')}`.replace(/\[(\w+)\]/g, '{$1}'));
}

// Not API: the files of the reference page (/api/docs).
const undocumented = new Set(['/api/docs/assets/{file}']);

const withoutSlash = (template: string): string => template.replace(/\/$/, '');

describe('the OpenAPI document', () => {
  const document = openApiDocument();

  it('is a valid OpenAPI 3.1 document by an independent validator', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every route of the app, and no route that does not exist', () => {
    const documented = Object.keys(document.paths).map(withoutSlash).sort();
    expect(documented).toEqual(routeTemplates().filter((template) => !undocumented.has(template)).map(withoutSlash).sort());
  });

  it('has reply schemas that compile and refuse a wrong body', () => {
    const validator = documentValidator(document);
    const errorSchema = validator(['components', 'schemas', 'ErrorEnvelope']);
    expect(errorSchema({ success: false, error: 'x' })).toBe(true);
    expect(errorSchema({ success: false })).toBe(false);
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item as Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>)) {
        for (const [status, reply] of Object.entries(operation.responses)) {
          if (!reply.content?.['application/json']) continue;
          const validate = validator(['paths', template, method, 'responses', status, 'content', 'application/json', 'schema']);
          expect(validate({ unexpected: true }), `${method} ${template} ${status}`).toBe(false);
        }
      }
    }
  });

  it('takes its parameters from the routes’ zod schemas, and documents the cached routes’ ETag, If-None-Match and 304', () => {
    const chart = document.paths['/soundcharts/audience/chart/{trackUuid}/{platformSlug}/']?.get as { parameters: { name: string; in: string }[] };
    expect(chart.parameters.map((parameter) => `${parameter.in}:${parameter.name}`)).toEqual([
      'path:trackUuid',
      'path:platformSlug',
      'query:start_date',
      'query:end_date',
      'query:limit',
      'query:mode',
      'query:format',
      'query:max_points',
      'header:If-None-Match',
    ]);
    const replies = (document.paths['/soundcharts/audience/chart/{trackUuid}/{platformSlug}/']?.get as { responses: Record<string, { headers?: object }> }).responses;
    expect(Object.keys(replies['304']?.headers ?? {})).toEqual(['ETag', 'Cache-Control']);
    expect(Object.keys(replies['200']?.headers ?? {})).toEqual(['ETag', 'Cache-Control']);
  });
});
