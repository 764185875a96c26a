import { loadBenchmarks } from '@reev/lib';
import { createTestReev, SUITE_DIR, type TestReev } from '../test-support/test-reev';
import { importLlmResponses, readLlmResponseFile, type LlmResponseFile } from './response-file';
import { RERECORD_COMMAND, SUITE_FIXTURE_ENV, SUITE_FIXTURE_PATH } from './test-support/suite-fixture';

// Real work (replays the whole suite): sized for a machine whose cores are busy with other processes.
jest.setTimeout(120_000);

describe('the recorded suite fixture: the whole suite replays offline with the recorded scores', () => {
  let fixture: LlmResponseFile;
  let reev: TestReev;

  beforeAll(async () => {
    fixture = await readLlmResponseFile(SUITE_FIXTURE_PATH);
    // An in-memory database holding only the fixture; no model server runs anywhere.
    reev = createTestReev({ llmCache: 'replay', llm: { env: SUITE_FIXTURE_ENV } });
    expect(await importLlmResponses(reev.writer, fixture)).toBe(fixture.responses.length);
  });
  afterAll(() => reev.close());

  it('covers every benchmark of the suite', async () => {
    const ids = (await loadBenchmarks([SUITE_DIR])).map((benchmark) => benchmark.testCase.id);
    expect(Object.keys(fixture.scores ?? {})).toEqual(ids);
  });

  it('replays every benchmark with the local agent to the score it had when recorded', async () => {
    const scores: Record<string, number> = {};
    const misses: string[] = [];
    for (const benchmark of await loadBenchmarks([SUITE_DIR])) {
      const result = await reev.gateway.executeBenchmark(benchmark, 'local');
      scores[benchmark.testCase.id] = result.score;
      for (const step of result.steps) {
        if (step.result.error_message?.startsWith('replay miss')) misses.push(`${benchmark.testCase.id}: ${step.result.error_message}`);
      }
    }
    // A miss means the agent now sends something else than when the fixture was recorded.
    expect({ misses, rerecord: misses.length > 0 ? RERECORD_COMMAND : undefined }).toEqual({ misses: [], rerecord: undefined });
    expect(scores).toEqual(fixture.scores);
  });

  it('importing the fixture again changes nothing', async () => {
    await importLlmResponses(reev.writer, fixture);
    expect((await reev.reader.listLlmResponses()).map((row) => row.cacheKey).sort()).toEqual(
      fixture.responses.map((row) => row.cache_key).sort(),
    );
  });
});
