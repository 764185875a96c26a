// tsyringe's decorators need the Reflect metadata API before the classes below are defined.
import 'reflect-metadata';

export {
  BusyError,
  ConstraintError,
  DatabaseCorruptError,
  DatabaseError,
  MigrationError,
  NotFoundError,
  ValidationError,
  type ConstraintKind,
} from './lib/errors';
export { DEFAULT_BUSY_TIMEOUT_MS, DEFAULT_DATABASE_URL, type SqlClient } from './lib/connection';
export { MIGRATIONS_FOLDER, type MigrationVersion } from './lib/migrations';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './lib/retry';
export {
  DEFAULT_POOL_SIZE,
  type DatabaseOptions,
  type DatabaseRegistrationOptions,
  type PooledDatabaseOptions,
} from './lib/options';
export type {
  AgentPerformanceInput,
  BenchmarkInput,
  DatabaseWriterPort,
  ExecutionCompletion,
  ExecutionInput,
  ExecutionStatusUpdate,
  LlmResponseEntry,
  QueuedExecution,
  SessionCompletion,
  SessionInput,
  StepSessionMeta,
  StepWrite,
} from './lib/port';
export type {
  StoredAgentPerformance,
  StoredBenchmark,
  StoredConsolidatedSession,
  StoredExecution,
  StoredLlmResponse,
  StoredSession,
  StoredStepSession,
  StoredToolCall,
} from './lib/rows';
export type { BenchmarkScore } from './lib/queries';
export {
  DatabaseReader,
  type AgentPerformanceOptions,
  type AgentPerformanceSummary,
  type ExecutionDetail,
  type ExecutionPage,
  type ListExecutionsOptions,
} from './lib/reader';
export { DatabaseWriter, type IntegrityState, type StorageState } from './lib/writer';
export { DEFAULT_INTEGRITY_CHECK_MAX_BYTES } from './lib/integrity';
export {
  DatabaseHealth,
  type DatabaseHealthOptions,
  type DatabaseHealthReport,
  type HealthStatus,
  type WriteProbeResult,
} from './lib/health';
export { PooledDatabaseWriter } from './lib/pooled-writer';
export { remoteDatabaseWriter, serveDatabaseWriter } from './lib/remote-writer';
export { DATABASE_HEALTH, DATABASE_OPTIONS, DATABASE_READER, DATABASE_WRITER } from './lib/tokens';
export { registerDatabase } from './lib/register';
export { openDatabase, type OpenDatabase } from './lib/open-database';
