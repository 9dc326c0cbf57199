// Vitest stands in for the server: `server-only` guards bundles, not Node.
export {};
