import { LibsqlError } from '@libsql/client';
import Database from 'libsql';
import { CHECK_DESCRIPTIONS } from './schema';

/** Where a failing operation was aimed: the table and the key of the row, for messages. */
export interface RowRef {
  table: string;
  key: Record<string, string | number>;
  /** What the row's foreign key points at, in words ("execution e1"), for FOREIGN KEY failures. */
  parent?: string;
}

export function describeRow(ref: RowRef): string {
  const key = Object.entries(ref.key)
    .map(([column, value]) => `${column}=${value}`)
    .join(', ');
  return key === '' ? ref.table : `${ref.table} (${key})`;
}

/** Base of every error @reev/db throws; `table` and `key` name the row it was about, when there is one. */
export class DatabaseError extends Error {
  readonly table: string | undefined;
  readonly key: Record<string, string | number> | undefined;

  constructor(message: string, options: { row?: RowRef; cause?: unknown } = {}) {
    super(options.row ? `${describeRow(options.row)}: ${message}` : message, { cause: options.cause });
    this.name = new.target.name;
    this.table = options.row?.table;
    this.key = options.row?.key;
  }
}

/** The row an update or lookup needs does not exist. */
export class NotFoundError extends DatabaseError {}

/** The caller passed something the database layer refuses before SQL runs (or used the API out of order). */
export class ValidationError extends DatabaseError {}

export type ConstraintKind = 'foreign_key' | 'check' | 'unique' | 'not_null' | 'other';

/** SQLite refused the row: a foreign key, CHECK, UNIQUE or NOT NULL constraint. */
export class ConstraintError extends DatabaseError {
  readonly constraint: ConstraintKind;

  constructor(message: string, constraint: ConstraintKind, options: { row?: RowRef; cause?: unknown } = {}) {
    super(message, options);
    this.constraint = constraint;
  }
}

/** Another process kept the database locked through every retry. */
export class BusyError extends DatabaseError {
  readonly attempts: number;

  constructor(message: string, attempts: number, options: { row?: RowRef; cause?: unknown } = {}) {
    super(message, options);
    this.attempts = attempts;
  }
}

/** Migrations could not be applied, or the database is at a version this code does not know. */
export class MigrationError extends DatabaseError {}

/**
 * The database file is damaged (PRAGMA quick_check failed, or SQLite reported SQLITE_CORRUPT / SQLITE_NOTADB).
 * The message is one line naming the file and the command that recovers what is still readable.
 */
export class DatabaseCorruptError extends DatabaseError {
  constructor(
    readonly file: string,
    readonly finding: string,
    options: { cause?: unknown } = {},
  ) {
    super(`database ${file} is damaged (${finding}); ${recoveryAdvice(file)}`, options);
  }
}

/**
 * The recovery docs/database.md describes ("A damaged database"), in one line. `.dump` goes on past damaged pages
 * and ends with ROLLBACK when it met any; turning that into COMMIT keeps every row it could read. (`.recover` of
 * the sqlite3 3.40 shell stops at the first damaged page.)
 */
export function recoveryAdvice(file: string): string {
  const quote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;
  return (
    `recover what is readable with: sqlite3 ${quote(file)} .dump | sed 's/^ROLLBACK; -- due to errors$/COMMIT;/' | ` +
    `sqlite3 ${quote(`${file}.recovered`)} — then move the damaged file (and its -wal, -shm) aside and the recovered one in its place`
  );
}

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);
/** Failures of the storage itself: nothing the caller wrote was wrong, the file or the disk cannot take it. */
const STORAGE_CODES = new Set(['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_PERM', 'SQLITE_AUTH']);

/**
 * What SQLite reported, from either driver: `libsql`'s SqliteError (embedded databases; its code is the extended
 * one) or @libsql/client's LibsqlError (a libSQL server). `text` is SQLite's own words, without a code prefix.
 */
export interface SqliteFailure {
  code: string;
  extendedCode: string | undefined;
  text: string;
}

/** The base code of an extended one: SQLITE_CONSTRAINT_CHECK is a SQLITE_CONSTRAINT, SQLITE_BUSY_SNAPSHOT a SQLITE_BUSY. */
const baseCode = (code: string) => /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? code;

function sqliteFailureOf(error: unknown): SqliteFailure | undefined {
  if (error instanceof Database.SqliteError) {
    return { code: baseCode(error.code), extendedCode: error.code, text: error.message };
  }
  if (error instanceof LibsqlError) {
    return { code: error.code, extendedCode: error.extendedCode, text: error.message.replace(/^SQLITE_[A-Z_]+: /, '') };
  }
  return undefined;
}

/** `error` or the first of its causes that SQLite reported. */
export function findSqliteFailure(error: unknown): SqliteFailure | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const failure = sqliteFailureOf(current);
    if (failure !== undefined) return failure;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

/** SQLite says the file is damaged. */
export function isCorruption(error: unknown): boolean {
  if (findInCauses(error, DatabaseCorruptError) !== undefined) return true;
  const code = findSqliteFailure(error)?.code;
  return code !== undefined && CORRUPTION_CODES.has(code);
}

/** SQLite says the disk or the file cannot take writes (full, read-only, I/O error, permissions). */
export function isStorageFailure(error: unknown): boolean {
  const code = findSqliteFailure(error)?.code;
  return code !== undefined && STORAGE_CODES.has(code);
}

/** Thrown by the retry loop when every attempt met SQLITE_BUSY/SQLITE_LOCKED; becomes a BusyError with context. */
export class RetriesExhausted extends Error {
  constructor(
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(`still locked after ${attempts} attempts: ${messageOf(cause)}`, { cause });
  }
}

/** The message of anything thrown; errors from another realm (Node's own, under Jest) fail `instanceof Error`. */
export function messageOf(error: unknown): string {
  // Both drivers' errors read "SQLITE_BUSY: database is locked".
  const sqlite = sqliteFailureOf(error);
  if (sqlite !== undefined) return `${sqlite.code}: ${sqlite.text}`;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return String(error);
}

/** `error` or the first of its causes that is a `type`: drizzle wraps what a statement threw in DrizzleQueryError. */
function findInCauses<T extends Error>(error: unknown, type: new (...args: never[]) => T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    if (current instanceof type) return current;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

export function isBusy(error: unknown): boolean {
  const code = findSqliteFailure(error)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/**
 * Turns whatever a statement threw into a DatabaseError naming the row. Errors that are already
 * DatabaseErrors pass through unchanged.
 */
export function toDatabaseError(error: unknown, row?: RowRef): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const options = { ...(row ? { row } : {}), cause: error };
  const exhausted = findInCauses(error, RetriesExhausted);
  if (exhausted !== undefined) {
    return new BusyError(
      `database is locked by another process (${messageOf(exhausted.cause)}); gave up after ${exhausted.attempts} attempts`,
      exhausted.attempts,
      options,
    );
  }
  const sqlite = findSqliteFailure(error);
  if (sqlite === undefined) return new DatabaseError(messageOf(error), options);
  const text = sqlite.text;
  switch (sqlite.extendedCode) {
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return new ConstraintError(
        row?.parent ? `${text}: ${row.parent} does not exist` : text,
        'foreign_key',
        options,
      );
    case 'SQLITE_CONSTRAINT_CHECK': {
      const name = /CHECK constraint failed: (\S+)/.exec(text)?.[1];
      const description = name === undefined ? undefined : CHECK_DESCRIPTIONS[name];
      return new ConstraintError(description ? `${text} (${description})` : text, 'check', options);
    }
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return new ConstraintError(text, 'unique', options);
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return new ConstraintError(text, 'not_null', options);
    default:
      break;
  }
  if (sqlite.code === 'SQLITE_CONSTRAINT') return new ConstraintError(text, 'other', options);
  if (sqlite.code === 'SQLITE_BUSY' || sqlite.code === 'SQLITE_LOCKED') {
    return new BusyError(`database is locked (${text})`, 1, options);
  }
  return new DatabaseError(`${sqlite.code}: ${text}`, options);
}

/** An error as it crosses a thread boundary: its class by name, its message, and the fields its class adds. */
export interface SerializedError {
  name: string;
  message: string;
  /** The fields of @reev/db's error classes (table, key, constraint, attempts, file, finding) the error has. */
  fields: Record<string, unknown>;
  /** The message of its cause, if it had one. */
  cause?: string;
}

/** Every error class @reev/db throws, by name: a deserialized error gets the prototype of its own class. */
const ERROR_CLASSES: Record<string, { prototype: DatabaseError }> = {
  DatabaseError,
  NotFoundError,
  ValidationError,
  ConstraintError,
  BusyError,
  MigrationError,
  DatabaseCorruptError,
};
const ERROR_FIELDS = ['table', 'key', 'constraint', 'attempts', 'file', 'finding'] as const;

export function serializeError(error: unknown): SerializedError {
  const fields: Record<string, unknown> = {};
  if (error instanceof DatabaseError) {
    for (const field of ERROR_FIELDS) if (field in error) fields[field] = (error as unknown as Record<string, unknown>)[field];
  }
  const cause = typeof error === 'object' && error !== null && 'cause' in error && error.cause !== undefined ? messageOf(error.cause) : undefined;
  return {
    name: error instanceof Error ? error.name : 'Error',
    message: messageOf(error),
    fields,
    ...(cause === undefined ? {} : { cause }),
  };
}

/** The error `serializeError` described, of the same @reev/db class (so `instanceof` holds) with the same fields. */
export function deserializeError(serialized: SerializedError): Error {
  const options = serialized.cause === undefined ? {} : { cause: new Error(serialized.cause) };
  const type = Object.hasOwn(ERROR_CLASSES, serialized.name) ? ERROR_CLASSES[serialized.name] : undefined;
  if (type === undefined) return Object.assign(new Error(serialized.message, options), { name: serialized.name });
  // Built as a DatabaseError (whose constructor leaves the message as it is), then given its own class.
  const error = new DatabaseError(serialized.message, options);
  Object.setPrototypeOf(error, type.prototype);
  return Object.assign(error, serialized.fields, { name: serialized.name });
}
