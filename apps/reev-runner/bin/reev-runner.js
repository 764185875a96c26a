#!/usr/bin/env node
'use strict';
// The committed `reev-runner` command: npm links it into node_modules/.bin at install time, before dist/ is built.
const { existsSync } = require('node:fs');
const path = require('node:path');

const main = path.join(__dirname, '..', 'dist', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('reev-runner: not built yet (no apps/reev-runner/dist/main.js): run `npm run build` (or `npm start`) first\n');
  process.exit(2);
}
require(main);
