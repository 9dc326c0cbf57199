import { loadEnvFiles } from './env-files';

// Imported first by every command-line entry point: lib/env.ts must find the variables there.
loadEnvFiles(process.cwd(), process.env.NODE_ENV !== 'production');
