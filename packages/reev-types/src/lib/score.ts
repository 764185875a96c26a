import { z } from 'zod';

/** The one score scale used everywhere in reev: 0 (nothing right) to 1 (everything right). */
export const ScoreSchema = z.number().min(0).max(1);
export type Score = z.infer<typeof ScoreSchema>;
