/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let a benchmark, the e2e run and a developer build side by side.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pino'],
  // The chart API is called with and without a trailing slash; both must answer directly.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
