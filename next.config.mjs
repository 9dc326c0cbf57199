// Sent with every reply. Pages get their content security policy, with a per-request nonce, from
// proxy.ts; the JSON routes get this fixed one, which lets nothing load or frame them.
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  { key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' },
];
const jsonRoutePolicy = { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" };

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Inlined into the server code: part of every reply's ETag (app/_http/cached-reply.ts), so that a
  // new build, whose replies may differ for the same data, never confirms a client's copy from another.
  env: { AUDIENCE_BUILD_ID: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` },
  // Separate build folders let a benchmark, the e2e run and a developer build side by side.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled; exceljs (the
  // spreadsheet export) is a large CommonJS library that runs as it is in Node, bundling gains nothing.
  serverExternalPackages: ['@electric-sql/pglite', 'pino', 'pino-pretty', 'exceljs'],
  // The chart API is called with and without a trailing slash; both must answer directly.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  reactStrictMode: true,
  // The reference page's renderer, read from node_modules at run time (app/api/docs/assets).
  outputFileTracingIncludes: {
    '/api/docs/assets/[file]': ['./node_modules/swagger-ui-dist/swagger-ui-bundle.js', './node_modules/swagger-ui-dist/swagger-ui.css'],
  },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      { source: '/soundcharts/:path*', headers: [jsonRoutePolicy] },
      // The reference page and its assets set a policy of their own (app/_openapi/reference-page.ts).
      { source: '/api', headers: [jsonRoutePolicy] },
      { source: '/api/:path((?!docs(?:/|$)).*)', headers: [jsonRoutePolicy] },
    ];
  },
};

export default nextConfig;
