import {
  ORIGINAL_UNEVALUABLE_ASSERTION_TYPES,
  TOOL_NAMES,
  type AddressDerivation,
  type FinalStateAssertion,
  type TestCase,
} from '@reev/types';

/** A warning about the ground truth, before it is given its place in the file. */
export interface GroundTruthNote {
  path: PropertyKey[];
  reason: string;
}

const ASSERTIONS = ['ground_truth', 'final_state_assertions'] as const;
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]*$/;

/**
 * Problems that let the benchmark load but that its author should fix: assertions reev cannot evaluate,
 * assertions no run can satisfy together, expected tool calls naming no tool, instruction data that is not base58.
 */
export function checkGroundTruth(testCase: TestCase): GroundTruthNote[] {
  const groundTruth = testCase.ground_truth;
  const notes: GroundTruthNote[] = [];
  groundTruth.final_state_assertions.forEach((assertion, index) => {
    if ((ORIGINAL_UNEVALUABLE_ASSERTION_TYPES as readonly string[]).includes(assertion.type)) {
      notes.push({
        path: [...ASSERTIONS, index, 'type'],
        reason: `assertion type "${assertion.type}" is not defined by reev; it loads but counts as failed when scored`,
      });
    }
  });
  notes.push(...contradictions(groundTruth.final_state_assertions));
  groundTruth.expected_tool_calls.forEach((call, index) => {
    if (!(TOOL_NAMES as readonly string[]).includes(call.tool_name)) {
      notes.push({
        path: ['ground_truth', 'expected_tool_calls', index, 'tool_name'],
        reason: `unknown tool "${call.tool_name}" (reev's tools: ${TOOL_NAMES.join(', ')}); this expected call can never be met`,
      });
    }
  });
  groundTruth.expected_instructions.forEach((instruction, index) => {
    if (instruction.data !== undefined && instruction.data !== '...' && !BASE58.test(instruction.data)) {
      notes.push({
        path: ['ground_truth', 'expected_instructions', index, 'data'],
        reason: `instruction data ${JSON.stringify(instruction.data)} is not base58, so no instruction can match it`,
      });
    }
  });
  return notes;
}

interface Bound {
  value: number;
  index: number;
}

/** Interval bounds one assertion puts on the quantity it measures. */
function boundsOf(assertion: FinalStateAssertion): { quantity: string; lower?: number; upper?: number } | undefined {
  const range = (exact?: number, gte?: number, lte?: number) => {
    const lowers = [exact, gte].filter((value) => value !== undefined);
    const uppers = [exact, lte].filter((value) => value !== undefined);
    return {
      ...(lowers.length > 0 ? { lower: Math.max(...lowers) } : {}),
      ...(uppers.length > 0 ? { upper: Math.min(...uppers) } : {}),
    };
  };
  switch (assertion.type) {
    case 'SolBalance':
      return { quantity: `the SOL balance of ${assertion.pubkey}`, ...range(assertion.expected, assertion.expected_gte, assertion.expected_lte) };
    case 'TokenAccountBalance':
      return { quantity: `the token balance of ${accountOf(assertion)}`, ...range(assertion.expected, assertion.expected_gte, assertion.expected_lte) };
    case 'SolBalanceChange':
      return {
        quantity: `the SOL balance change of ${assertion.pubkey}`,
        ...range(assertion.expected_change, assertion.expected_change_gte, assertion.expected_change_lte),
      };
    case 'TokenAccountBalanceChange':
      return {
        quantity: `the token balance change of ${accountOf(assertion)}`,
        ...range(assertion.expected_change, assertion.expected_change_gte, assertion.expected_change_lte),
      };
    default:
      return undefined;
  }
}

function accountOf(assertion: { pubkey: string; address_derivation?: AddressDerivation | undefined }): string {
  const derivation = assertion.address_derivation;
  return derivation === undefined ? assertion.pubkey : `ATA(${derivation.owner}, ${derivation.mint})`;
}

function contradictions(assertions: readonly FinalStateAssertion[]): GroundTruthNote[] {
  const notes: GroundTruthNote[] = [];
  const seen = new Map<string, { lower?: Bound; upper?: Bound }>();
  assertions.forEach((assertion, index) => {
    const bounds = boundsOf(assertion);
    if (bounds === undefined) return;
    const known = seen.get(bounds.quantity) ?? {};
    const lower = bounds.lower !== undefined && (known.lower === undefined || bounds.lower > known.lower.value) ? { value: bounds.lower, index } : known.lower;
    const upper = bounds.upper !== undefined && (known.upper === undefined || bounds.upper < known.upper.value) ? { value: bounds.upper, index } : known.upper;
    const tightened = lower?.index === index || upper?.index === index;
    if (tightened && lower !== undefined && upper !== undefined && lower.value > upper.value) {
      const other = lower.index === index ? upper.index : lower.index;
      const against = other === index ? 'itself' : `final_state_assertions[${other}]`;
      notes.push({
        path: [...ASSERTIONS, index],
        reason: `contradicts ${against}: ${bounds.quantity} cannot be both ≥ ${lower.value} and ≤ ${upper.value}, so no run can meet both`,
      });
    }
    seen.set(bounds.quantity, { ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) });
  });
  return notes;
}
