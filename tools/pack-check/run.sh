#!/usr/bin/env bash
# npm run test:pack — the library packages as a user outside the monorepo gets them: build, `npm pack` each,
# install the tarballs into a fresh temporary project, compile a strict TypeScript consumer (module nodenext,
# no skipLibCheck) and run it (createReev(...).gateway.executeDynamicFlow on an in-memory database).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/reev-pack-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
packages=(reev-types reev-tools reev-db reev-lib reev-agent reev-flow reev-orchestrator)

echo "pack-check: building"
node "$root/tools/build/run.mjs"

mkdir -p "$work/tarballs" "$work/consumer"
for package in "${packages[@]}"; do
  (cd "$root/packages/$package" && npm pack --silent --pack-destination "$work/tarballs" >/dev/null)
done
echo "pack-check: packed $(cd "$work/tarballs" && ls | tr '\n' ' ')"

cp "$root/tools/pack-check/consumer/package.json" "$root/tools/pack-check/consumer/tsconfig.json" "$root/tools/pack-check/consumer/main.ts" "$work/consumer/"
cd "$work/consumer"
typescript_version="$(node -p "require('$root/node_modules/typescript/package.json').version")"
echo "pack-check: installing the tarballs into $work/consumer (dependencies from the registry or the npm cache)"
npm install --no-audit --no-fund --prefer-offline --loglevel=error "$work"/tarballs/*.tgz "typescript@$typescript_version" "@types/node@^20.19.0"
echo "pack-check: compiling the strict consumer (module nodenext, skipLibCheck false)"
npx --no-install tsc -p tsconfig.json
echo "pack-check: running it"
node dist/main.js
echo "pack-check: passed"
