import type { z } from 'zod';

export type ReplyStatus = 200 | 201 | 204 | 304 | 400 | 401 | 404 | 405 | 409 | 413 | 422 | 429 | 500 | 502 | 503 | 504;

/** A reply other than the JSON error envelope (which `errors` lists by status alone). */
type Reply = {
  description: string;
  /** JSON body; omit for a reply without one. */
  json?: z.ZodType;
  /** Other media types the same status may answer with (file downloads, text). */
  files?: readonly string[];
};

export type Credential = 'admin' | 'cron' | 'metrics';

/** One operation of the API: the zod schemas the route validates with, and what it answers. */
export type RouteDescription = {
  method: 'get' | 'post';
  /** OpenAPI path template: `{name}` for a dynamic segment, named as in the route's params schema. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  credential?: Credential;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** What each documented parameter means, by name. */
  parameterNotes?: Record<string, string>;
  replies: Partial<Record<ReplyStatus, Reply>>;
  /** Statuses answered with the error envelope, each with why. */
  errors: Partial<Record<ReplyStatus, string>>;
  /** Answers a CORS preflight (OPTIONS, 204) for allowed origins. */
  cors?: boolean;
  /** Replies with an ETag and shared-cache headers, and 304 to a current If-None-Match (app/_http/cached-reply.ts). */
  cached?: boolean;
};
