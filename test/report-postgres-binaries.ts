import { missingPostgresBinariesLine, postgresBinDir } from './postgres-binaries';

// Run by scripts/test.sh before the tests: says once, up front, what will be skipped and why.
if (postgresBinDir() === undefined) console.log(missingPostgresBinariesLine());
