import type { z } from 'zod';
import { TOOL_CALL_STATUSES, type SessionLog, type ToolCallRecord } from '@reev/types';
import { ValidationError, messageOf, type RowRef } from './errors';

const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

export function requireId(value: unknown, row: RowRef, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${field} must be a non-empty string, got ${shown(value)}`, { row });
  }
}

export function requireFiniteNumber(value: unknown, row: RowRef, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValidationError(`${field} must be a finite number, got ${String(value)}`, { row });
  }
}

export function requireInteger(value: unknown, row: RowRef, field: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ValidationError(`${field} must be an integer, got ${String(value)}`, { row });
  }
}

function requireString(value: unknown, row: RowRef, field: string): void {
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string, got ${shown(value)}`, { row });
}

function requireOptionalString(value: unknown, row: RowRef, field: string): void {
  if (value !== undefined) requireString(value, row, field);
}

function requireArray(value: unknown, row: RowRef, field: string): void {
  if (!Array.isArray(value)) throw new ValidationError(`${field} must be an array, got ${typeof value}`, { row });
}

function requireObject(value: unknown, row: RowRef, field: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`${field} must be an object, got ${shown(value)}`, { row });
  }
}

function requireScore(value: unknown, row: RowRef, field: string): void {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new ValidationError(`${field} must be a number from 0 to 1, got ${String(value)}`, { row });
  }
}

/**
 * The JSON text a JSON column stores for `value`, encoded once and stored as it is: SQL NULL for null,
 * otherwise what JSON.stringify makes of it. Refuses values JSON.stringify drops (undefined, functions) or
 * cannot encode (BigInt, cycles).
 */
export function encodeJson(value: unknown, row: RowRef, field: string): string | null {
  if (value === null) return null;
  let encoded: string | undefined;
  try {
    encoded = JSON.stringify(value);
  } catch (error) {
    throw new ValidationError(`${field} cannot be stored as JSON: ${messageOf(error)}`, { row, cause: error });
  }
  if (encoded === undefined) throw new ValidationError(`${field} is not a JSON value (${typeof value})`, { row });
  return encoded;
}

/**
 * What callers can get wrong in a tool call (its status, a negative duration, a missing field), checked
 * field by field: cheaper than a zod parse of the whole record, and input/output are checked by encoding.
 */
export function requireToolCall(call: ToolCallRecord, row: RowRef): void {
  requireObject(call, row, 'call');
  requireString(call.tool_name, row, 'call.tool_name');
  requireString(call.call_id, row, 'call.call_id');
  if (!(TOOL_CALL_STATUSES as readonly unknown[]).includes(call.status)) {
    throw new ValidationError(`call.status must be one of ${TOOL_CALL_STATUSES.join('|')}, got ${shown(call.status)}`, {
      row,
    });
  }
  requireOptionalString(call.error, row, 'call.error');
  requireString(call.started_at, row, 'call.started_at');
  requireFiniteNumber(call.duration_ms, row, 'call.duration_ms');
  if (call.duration_ms < 0) throw new ValidationError(`call.duration_ms must not be negative, got ${call.duration_ms}`, { row });
}

/**
 * The fields of a session log, checked one level deep (the events and tool calls inside are stored as given):
 * callers build logs from the @reev/types schemas, so a zod parse of the whole log on every step would only
 * repeat what their types already ensure.
 */
export function requireSessionLog(log: SessionLog, row: RowRef): void {
  requireObject(log, row, 'log');
  requireString(log.session_id, row, 'log.session_id');
  requireString(log.execution_id, row, 'log.execution_id');
  requireString(log.agent, row, 'log.agent');
  requireString(log.started_at, row, 'log.started_at');
  requireOptionalString(log.benchmark_id, row, 'log.benchmark_id');
  requireOptionalString(log.prompt, row, 'log.prompt');
  requireOptionalString(log.ended_at, row, 'log.ended_at');
  requireOptionalString(log.final_message, row, 'log.final_message');
  requireArray(log.events, row, 'log.events');
  requireArray(log.tool_calls, row, 'log.tool_calls');
  if (log.score !== undefined) requireScore(log.score, row, 'log.score');
  if (log.success !== undefined && typeof log.success !== 'boolean') {
    throw new ValidationError(`log.success must be a boolean, got ${shown(log.success)}`, { row });
  }
}

export function requireSchema(schema: z.ZodType, value: unknown, row: RowRef, field: string): void {
  const parsed = schema.safeParse(value);
  if (parsed.success) return;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
  throw new ValidationError(`${field} does not match its schema: ${issues}`, { row });
}
