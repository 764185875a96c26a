import 'reflect-metadata';
import path from 'node:path';
import { container as rootContainer } from 'tsyringe';
import { DATABASE_READER, DATABASE_WRITER, type DatabaseReader, type DatabaseWriterPort } from '@reev/db';
import { parseBenchmark, type LoadedBenchmark } from '@reev/lib';
import { OrchestratorGateway } from '../gateway';
import { registerOrchestrator, type OrchestratorOptions } from '../register';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../../../../..');
export const SUITE_DIR = path.join(WORKSPACE_ROOT, 'benchmarks');

export interface TestReev {
  gateway: OrchestratorGateway;
  writer: DatabaseWriterPort;
  reader: DatabaseReader;
  close(): Promise<void>;
}

/** A real composition on an in-memory libSQL database (or `url`), as the apps build it. */
export function createTestReev(overrides: Partial<OrchestratorOptions> = {}, url = ':memory:'): TestReev {
  const container = registerOrchestrator(rootContainer.createChildContainer(), { database: { url }, ...overrides });
  const writer = container.resolve<DatabaseWriterPort>(DATABASE_WRITER);
  return {
    gateway: container.resolve(OrchestratorGateway),
    writer,
    reader: container.resolve<DatabaseReader>(DATABASE_READER),
    close: () => writer.close(),
  };
}

export function benchmarkFromYaml(yaml: string, name = 'inline.yml'): LoadedBenchmark {
  return parseBenchmark(yaml, name);
}
