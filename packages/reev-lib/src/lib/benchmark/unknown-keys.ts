import { z } from 'zod';

/** A key in the YAML data that the schema does not read. */
export interface UnknownKey {
  path: PropertyKey[];
  key: string;
  /** The keys the schema reads at that place. */
  known: string[];
}

/**
 * Walks `data` along `schema` and lists every mapping key the schema does not know. zod drops such keys
 * silently; the original files carry many (success_criteria, expected_api_calls, …), so they are reported.
 * Objects that accept any key (`.loose()`, records) report none.
 */
export function findUnknownKeys(schema: z.ZodType, data: unknown, path: PropertyKey[] = []): UnknownKey[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    if (!isPlainObject(data) || inner.def.catchall !== undefined) return [];
    const shape = inner.shape as Record<string, z.ZodType>;
    return Object.entries(data).flatMap(([key, value]) => {
      const field = shape[key];
      return field === undefined
        ? [{ path: [...path, key], key, known: Object.keys(shape) }]
        : findUnknownKeys(field, value, [...path, key]);
    });
  }
  if (inner instanceof z.ZodArray) {
    if (!Array.isArray(data)) return [];
    return data.flatMap((item, index) => findUnknownKeys(inner.element as z.ZodType, item, [...path, index]));
  }
  if (inner instanceof z.ZodRecord) {
    if (!isPlainObject(data)) return [];
    return Object.entries(data).flatMap(([key, value]) => findUnknownKeys(inner.valueType as z.ZodType, value, [...path, key]));
  }
  if (inner instanceof z.ZodUnion) {
    const chosen = chooseUnionOption(inner, data);
    return chosen === undefined ? [] : findUnknownKeys(chosen, data, path);
  }
  return [];
}

/** Looks through wrappers that do not change which keys are read. */
function unwrap(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return unwrap(schema.unwrap() as z.ZodType);
  }
  if (schema instanceof z.ZodPipe) return unwrap(schema.in as z.ZodType);
  return schema;
}

function chooseUnionOption(union: z.ZodUnion, data: unknown): z.ZodType | undefined {
  const options = union.options as readonly z.ZodType[];
  if (union instanceof z.ZodDiscriminatedUnion && isPlainObject(data)) {
    const discriminator = union.def.discriminator;
    return options.find((option) => {
      const tag = option instanceof z.ZodObject ? (option.shape as Record<string, z.ZodType>)[discriminator] : undefined;
      return tag !== undefined && tag.safeParse(data[discriminator]).success;
    });
  }
  return options.find((option) => option.safeParse(data).success);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
