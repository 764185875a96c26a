import path from 'node:path';

/** The workspace root, from this file's place in tools/bench/src/lib. */
export const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');
export const SUITE_DIR = path.join(WORKSPACE_ROOT, 'benchmarks');
export const RUNNER_MAIN = path.join(WORKSPACE_ROOT, 'apps/reev-runner/dist/main.js');
/** The built reev-api, as `npm run serve` and operators run it (`npm run bench` builds it first). */
export const API_MAIN = path.join(WORKSPACE_ROOT, 'apps/reev-api/dist/main.js');
export const API_MAIN_SOURCE = path.join(WORKSPACE_ROOT, 'apps/reev-api/src/main.ts');
export const BARE_SERVER_SOURCE = path.join(WORKSPACE_ROOT, 'tools/bench/src/bare-server.ts');
/** tsx's tsconfig for child processes run from source: paths to every package's src. */
export const RUN_TSCONFIG = path.join(WORKSPACE_ROOT, 'tools/bench/tsconfig.run.json');
