#!/usr/bin/env bash
# Scaffolds one workspace project: tools/new-project.sh <packages|apps> <dir-name> <layer-tag> [description]
set -euo pipefail
kind=$1; dir=$2; layer=$3; description=${4:-}
root="$kind/$dir"
import_name="@reev/${dir#reev-}"
[ "$kind" = apps ] && import_name="$dir"
mkdir -p "$root/src/lib"
cat > "$root/package.json" <<JSON
{
  "name": "$import_name",
  "version": "0.1.0",
  "private": true,
  "description": "$description",
  "main": "dist/index.js",
  "types": "dist/index.d.ts",
  "dependencies": {}
}
JSON
cat > "$root/project.json" <<JSON
{
  "name": "$dir",
  "\$schema": "../../node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$root/src",
  "projectType": "$([ "$kind" = apps ] && echo application || echo library)",
  "tags": ["$layer"],
  "targets": {
    "build": { "executor": "nx:run-commands", "options": { "command": "tsc -p tsconfig.lib.json", "cwd": "{projectRoot}" } },
    "typecheck": { "executor": "nx:run-commands", "options": { "command": "tsc -p tsconfig.json --noEmit", "cwd": "{projectRoot}" } },
    "lint": { "executor": "nx:run-commands", "options": { "command": "eslint --max-warnings=0 src", "cwd": "{projectRoot}" } },
    "test": { "executor": "nx:run-commands", "options": { "command": "jest", "cwd": "{projectRoot}" } }
  }
}
JSON
cat > "$root/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "types": ["node", "jest"], "noEmit": true },
  "include": ["src/**/*.ts"]
}
JSON
cat > "$root/tsconfig.lib.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "outDir": "dist", "rootDir": "src", "paths": {}, "tsBuildInfoFile": "dist/.tsbuildinfo" },
  "include": ["src/**/*.ts"],
  "exclude": ["src/**/*.spec.ts", "src/**/test-support/**"]
}
JSON
cat > "$root/jest.config.cjs" <<JS
module.exports = { ...require('../../jest.preset.cjs'), displayName: '$dir' };
JS
[ -f "$root/src/index.ts" ] || echo "export {};" > "$root/src/index.ts"
