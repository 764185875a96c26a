import type { Candidate } from './candidates';
import type { SentenceClauses } from './clauses';
import { type Intent, PromptNotUnderstoodError } from './intent';

/** Intents that only read: asked twice, they are read once. */
const CHECKS: ReadonlySet<Intent['kind']> = new Set(['balance', 'positions', 'pools']);

export interface Restatements {
  /** Candidate indexes not to carry out. */
  dropped: Set<number>;
  /** Per candidate index: itself, or the earlier identical candidate it repeats. */
  standsFor: number[];
  sentences: string[];
}

/**
 * Finds what a prompt says twice. A check asked twice is one check. A sentence is a restatement when it
 * does not continue a sequence ("then …", "… again") and each of its actions either repeats an action of
 * an earlier sentence or lacks an amount while another sentence states an action of that kind in full
 * ("I want to earn yield by converting my SOL and depositing it. Swap 2 SOL to USDC, then deposit it.").
 */
export function findRestatements(sentences: readonly SentenceClauses[], candidates: readonly Candidate[]): Restatements {
  const dropped = new Set<number>();
  const standsFor = candidates.map((_, index) => index);
  const restated: string[] = [];
  const understood = (index: number): boolean => !dropped.has(index) && candidates[index]?.problem === undefined;
  const earlierSame = (index: number, isEarlier: (other: Candidate) => boolean): number | undefined => {
    const signature = candidates[index]?.signature;
    const found = candidates.findIndex((other, otherIndex) => otherIndex < index && understood(otherIndex) && isEarlier(other) && other.signature === signature);
    return found < 0 ? undefined : found;
  };
  sentences.forEach(({ sentence, continuesSequence }, sentenceIndex) => {
    const own = candidates.flatMap((candidate, index) => (candidate.clause.sentenceIndex === sentenceIndex ? [index] : []));
    for (const index of own) {
      const candidate = candidates[index];
      const repeated = earlierSame(index, () => true);
      if (candidate !== undefined && CHECKS.has(candidate.kind) && candidate.problem === undefined && repeated !== undefined) {
        dropped.add(index);
        standsFor[index] = repeated;
      }
    }
    const remaining = own.filter((index) => !dropped.has(index));
    if (continuesSequence || remaining.length === 0) return;
    const statedElsewhere = candidates.filter((candidate, index) => understood(index) && candidate.clause.sentenceIndex !== sentenceIndex);
    const repeatsEarlierSentence = (index: number): number | undefined => earlierSame(index, (other) => other.clause.sentenceIndex < sentenceIndex);
    const isRestatement = remaining.every((index) => {
      const candidate = candidates[index];
      if (candidate?.problem?.severity === 'underspecified') return statedElsewhere.some((other) => other.kind === candidate.kind);
      return candidate?.problem === undefined && repeatsEarlierSentence(index) !== undefined;
    });
    if (!isRestatement) return;
    restated.push(sentence.text);
    for (const index of remaining) {
      standsFor[index] = repeatsEarlierSentence(index) ?? index;
      dropped.add(index);
    }
  });
  return { dropped, standsFor, sentences: restated };
}

/** The intents to carry out, with references renumbered to positions in the result. */
export function toIntents(candidates: readonly Candidate[], { dropped, standsFor }: Restatements): Intent[] {
  const kept = candidates.flatMap((candidate, index) => (dropped.has(index) ? [] : [{ candidate, index }]));
  const failing = kept.find(({ candidate }) => candidate.problem !== undefined)?.candidate;
  if (failing?.problem !== undefined) throw new PromptNotUnderstoodError(`"${failing.clause.text}": ${failing.problem.message}`);
  const positionOf = new Map(kept.map(({ index }, position) => [index, position]));
  return kept.map(({ candidate }) => {
    const intent = candidate.intent;
    if (intent === undefined) throw new TypeError('an understood candidate always carries its intent');
    if (!('amount' in intent) || intent.amount.kind !== 'previous') return intent;
    const target = positionOf.get(standsFor[intent.amount.intentIndex] ?? -1);
    if (target === undefined) throw new TypeError(`the result "${candidate.clause.text}" refers to was dropped`);
    return { ...intent, amount: { ...intent.amount, intentIndex: target } };
  });
}

