// The TypeScript declarations (/client/feedline.d.ts) checked by the TypeScript compiler against
// an app written with them (types/usage.ts), including lines that must be refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('feedline.d.ts: a typed app compiles, and misuse is refused', () => {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const tsc = spawnSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'types/tsconfig.json'],
    {
      cwd: here,
      encoding: 'utf8',
      timeout: 120000,
    },
  );
  assert.equal(tsc.status, 0, `tsc:\n${tsc.stdout}${tsc.stderr}`);
});
