// Re-records the suite fixture (src/lib/llm/fixtures/suite-responses.json): runs every benchmark of benchmarks/
// with the `local` agent against the policy model server on the fixture's URL, in record mode, and exports the
// recorded answers with the scores of that run. Run from the workspace root:
//   npx tsx packages/reev-orchestrator/src/lib/llm/test-support/record-suite-fixture.ts
// Re-record after any change to what the agent sends (prompts, tool descriptions or schemas, tool outputs).
import 'reflect-metadata';
import { loadBenchmarks } from '@reev/lib';
import { createReev } from '../../create-reev';
import { SUITE_DIR } from '../../test-support/test-reev';
import { exportLlmResponses, writeLlmResponseFile } from '../response-file';
import { startOrchestratorPolicyServer } from './policy-model-server';
import { SUITE_FIXTURE_ENV, SUITE_FIXTURE_PATH } from './suite-fixture';

async function main(): Promise<void> {
  const port = Number(new URL(SUITE_FIXTURE_ENV.LOCAL_MODEL_URL).port);
  const server = await startOrchestratorPolicyServer(port);
  const reev = createReev({ databaseUrl: ':memory:', llmCache: 'record', llm: { env: SUITE_FIXTURE_ENV } });
  try {
    const scores: Record<string, number> = {};
    for (const benchmark of await loadBenchmarks([SUITE_DIR])) {
      const result = await reev.gateway.executeBenchmark(benchmark, 'local');
      scores[benchmark.testCase.id] = result.score;
      console.log(`${benchmark.testCase.id}  score ${result.score.toFixed(3)}`);
      // Every suite benchmark passes with a correct agent: a run that does not is no fixture.
      if (!result.passed) {
        const errors = result.steps.flatMap((step) => (step.result.error_message === undefined ? [] : [step.result.error_message]));
        throw new Error(`${benchmark.testCase.id} did not pass (score ${result.score}): ${errors.join('; ') || result.consolidationError || 'no error'}`);
      }
    }
    const file = await exportLlmResponses(reev.reader, {
      description:
        `Every model answer of one run of benchmarks/ by the local agent (${SUITE_FIXTURE_ENV.LOCAL_MODEL_NAME} at ` +
        `${SUITE_FIXTURE_ENV.LOCAL_MODEL_URL}, seed 0, run 0), recorded by test-support/record-suite-fixture.ts.`,
      scores,
    });
    await writeLlmResponseFile(SUITE_FIXTURE_PATH, file);
    console.log(`wrote ${file.responses.length} responses to ${SUITE_FIXTURE_PATH}`);
  } finally {
    await reev.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
