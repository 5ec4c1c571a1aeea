// The data beside the repository: ../shared (the real-world corpus, the real repositories, the upstream Kubernetes
// data). A clone without it still passes `npm test`: each test that reads it skips with one line saying what it did
// not check; with CI=true (or K8S_NETWORK_LENS_REQUIRE_SHARED=1) the data is mandatory and its absence fails.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';

export const SHARED = path.resolve(__dirname, '../../..', '..', 'shared');

export const sharedRequired = (): boolean => process.env.CI === 'true' || process.env.K8S_NETWORK_LENS_REQUIRE_SHARED === '1';

/**
 * Whether `dir` (under ../shared) is there; when it is not, skips the test with `what` it would have checked, or fails
 * when the shared data is required.
 */
export function haveShared(t: TestContext, dir: string, what: string): boolean {
  if (fs.existsSync(dir)) return true;
  const where = path.relative(path.resolve(__dirname, '../../..'), dir).split(path.sep).join('/');
  assert.ok(!sharedRequired(), `${where} is required (CI=true) but absent`);
  t.skip(`${where} is absent (a clone without ../shared): ${what} not checked`);
  return false;
}
