import { handler } from './handler';
import { jsonError } from './error-response';

// Answers for any path under an API prefix that no route serves, so API callers get JSON, not the HTML 404 page.
const unknownRoute = handler(async () =>
  jsonError(404, 'No API route at this path. The routes are listed in the README under "Who may call what".'),
);

export const unknownRouteHandlers = {
  GET: unknownRoute,
  HEAD: unknownRoute,
  POST: unknownRoute,
  PUT: unknownRoute,
  PATCH: unknownRoute,
  DELETE: unknownRoute,
  OPTIONS: unknownRoute,
};
