import { loadEnvFiles } from './env-files';

// For entry points that serve the production build (the demo): the files `next start` reads, which
// it then does not read again, as the variables arrive already loaded.
loadEnvFiles(process.cwd(), false);
