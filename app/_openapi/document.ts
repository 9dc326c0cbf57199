import { z } from 'zod';
import { errorEnvelopeSchema } from './reply-schemas';
import type { Credential, RouteDescription, ReplyStatus } from './route-registry';
import { routes } from './routes';

type JsonSchema = Record<string, unknown>;
type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

const COMPONENTS = '#/components/schemas/';

const securitySchemes: Record<Credential, { scheme: string; description: string }> = {
  admin: { scheme: 'adminBearer', description: 'ADMIN_TOKEN of the server, sent as `Authorization: Bearer <token>`.' },
  cron: { scheme: 'cronBearer', description: 'CRON_SECRET of the server (Vercel Cron sends it), as `Authorization: Bearer <secret>`.' },
  metrics: { scheme: 'metricsBearer', description: 'METRICS_TOKEN of the server, as `Authorization: Bearer <token>`.' },
};

const cacheHeaders = {
  ETag: {
    description: 'Strong; changes exactly when the data the reply is built from or its parameters change',
    schema: { type: 'string' },
  },
  'Cache-Control': {
    description: '`public, max-age=0, s-maxage=60, stale-while-revalidate=60`: browsers revalidate, shared caches keep it a minute',
    schema: { type: 'string' },
  },
} as const;

const ifNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'The ETag of a reply held: 304 with no body while it is current (`*` matches any)',
  schema: { type: 'string' },
} as const;

const UNEXPECTED = 'An unexpected failure; the message carries the request id to quote (X-Request-Id)';

/** Every schema with a `.meta({ id })`, as components, referencing each other by `$ref`. */
function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { target: 'draft-2020-12', uri: (id) => `${COMPONENTS}${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutDialect(schema as JsonSchema)]));
}

// The converter names each component with `$id`; in a component a fragment-only `$id` is not allowed.
function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/** A reply schema by reference when it is a component, else inline. */
function replySchema(schema: z.ZodType): JsonSchema {
  const id = z.globalRegistry.get(schema)?.id;
  if (id !== undefined) return { $ref: `${COMPONENTS}${id}` };
  return withoutDialect(z.toJSONSchema(schema, { target: 'draft-2020-12' }) as JsonSchema);
}

/** What a client sends: the schema's input side (before transforms, defaults optional). */
function inputSchema(schema: z.ZodType): JsonSchema {
  return withoutDialect(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as JsonSchema);
}

function parameters(route: RouteDescription): JsonSchema[] {
  const from = (where: 'path' | 'query', schema: z.ZodObject | undefined): JsonSchema[] => {
    if (schema === undefined) return [];
    const object = inputSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(object.properties ?? {}).map(([name, property]) => ({
      name,
      in: where,
      required: where === 'path' || (object.required ?? []).includes(name),
      ...(route.parameterNotes?.[name] ? { description: route.parameterNotes[name] } : {}),
      schema: property,
    }));
  };
  return [...from('path', route.params), ...from('query', route.query), ...(route.cached ? [ifNoneMatch] : [])];
}

const errorReply = (description: string): JsonSchema => ({
  description,
  content: { 'application/json': { schema: { $ref: `${COMPONENTS}${z.globalRegistry.get(errorEnvelopeSchema)?.id}` } } },
});

function responses(route: RouteDescription): Record<string, JsonSchema> {
  const result: Record<string, JsonSchema> = {};
  for (const [status, reply] of Object.entries(route.replies)) {
    const content: Record<string, JsonSchema> = {};
    if (reply.json) content['application/json'] = { schema: replySchema(reply.json) };
    for (const type of reply.files ?? []) content[type] = { schema: { type: 'string' } };
    result[status] = {
      description: reply.description,
      ...(route.cached && status === '200' ? { headers: cacheHeaders } : {}),
      ...(Object.keys(content).length > 0 ? { content } : {}),
    };
  }
  if (route.cached) result['304'] = { description: 'Not modified: the ETag in If-None-Match is current; no body', headers: cacheHeaders };
  const errors: Partial<Record<ReplyStatus, string>> = { ...route.errors, 500: UNEXPECTED };
  for (const [status, description] of Object.entries(errors)) {
    if (!(status in result)) result[status] = errorReply(description);
  }
  return result;
}

function operation(route: RouteDescription): JsonSchema {
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    ...(route.credential ? { security: [{ [securitySchemes[route.credential].scheme]: [] }] } : {}),
    parameters: parameters(route),
    ...(route.body
      ? { requestBody: { required: false, content: { 'application/json': { schema: inputSchema(route.body) } } } }
      : {}),
    responses: responses(route),
  };
}

const preflight = {
  summary: 'CORS preflight',
  description: 'Allowed origins (CORS_ORIGINS) get the Access-Control-Allow-* headers; others do not.',
  tags: ['Charts'],
  responses: { 204: { description: 'No body; Allow lists GET, HEAD, OPTIONS' } },
};

/** The OpenAPI 3.1 document of the API, built from the routes' own zod schemas (routes.ts). */
export function openApiDocument(): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    item[route.method] = operation(route);
    if (route.cors) item.options = { ...preflight, operationId: `${route.operationId}Preflight` };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Audience API',
      version: '1.0.0',
      description: [
        'Daily audience figures of music tracks, fed from SoundCharts.',
        'Every error answers its HTTP status with the JSON body `{ "success": false, "error": "..." }` (ErrorEnvelope), and every reply carries an X-Request-Id.',
        'Any other path under /api/ or /soundcharts/ answers 404 with that envelope; a method a route does not serve answers 405 with it and an Allow header.',
        'Admins may also sign in on /sign-in with ADMIN_TOKEN; the pages use server actions, not this API.',
      ].join('\n\n'),
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'Charts', description: 'Public reads of the stored series' },
      { name: 'Admin', description: 'Calls that spend SoundCharts quota: ADMIN_TOKEN' },
      { name: 'Operations', description: 'Scheduling, health, metrics and this document' },
    ],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: Object.fromEntries(
        Object.values(securitySchemes).map(({ scheme, description }) => [scheme, { type: 'http', scheme: 'bearer', description }]),
      ),
    },
  };
}
