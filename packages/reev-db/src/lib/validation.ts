import type { z } from 'zod';
import { ValidationError, messageOf, type RowRef } from './errors';

export function requireId(value: unknown, row: RowRef, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${field} must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}`, {
      row,
    });
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

/** A JSON column gets JSON: refuse values JSON.stringify drops (undefined, functions) or cannot encode. */
export function requireJson(value: unknown, row: RowRef, field: string): void {
  let encoded: string | undefined;
  try {
    encoded = JSON.stringify(value);
  } catch (error) {
    throw new ValidationError(`${field} cannot be stored as JSON: ${messageOf(error)}`, { row, cause: error });
  }
  if (encoded === undefined) throw new ValidationError(`${field} is not a JSON value (${typeof value})`, { row });
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
