import path from 'node:path';
import { POLICY_MODEL_NAME } from '@reev/testing';

/** The recorded LLM answers of a whole-suite run of `local` against the policy model (llm_responses rows). */
export const SUITE_FIXTURE_PATH = path.join(__dirname, '..', 'fixtures', 'suite-responses.json');

/**
 * The `local` route the fixture was recorded on. The base URL is part of every cache key, so a replay must use the
 * same one; nothing needs to listen there.
 */
export const SUITE_FIXTURE_ENV = { LOCAL_MODEL_URL: 'http://127.0.0.1:47123/v1', LOCAL_MODEL_NAME: POLICY_MODEL_NAME };

export const RERECORD_COMMAND = 'npx tsx packages/reev-orchestrator/src/lib/llm/test-support/record-suite-fixture.ts';
