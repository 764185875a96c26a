// The writer's multi-statement writes as statement scripts (statement-script.ts): written once, run at once inside an
// embedded transaction or statement by statement on any executor.
import type { InValue } from '@libsql/client';
import { ConstraintError, NotFoundError, type RowRef } from './errors';
import type { SessionInput } from './port';
import { COMPLETE_SESSION, INSERT_SESSION, SELECT_SESSION_EXECUTION, UPDATE_EXECUTION_STATUS, UPSERT_SESSION_LOG, UPSERT_STEP_SESSION, UPSERT_TOOL_CALL } from './statements';
import { queryRows, runStatement, type StatementScript } from './statement-script';

/** Inserts a session; an existing one is fine if it belongs to the same execution. */
export function* insertSession(session: SessionInput, args: InValue[], row: RowRef): StatementScript<void> {
  if ((yield* runStatement(INSERT_SESSION, args, row)) > 0) return;
  const [found] = yield* queryRows(SELECT_SESSION_EXECUTION, [session.sessionId], row);
  const owner = found === undefined ? undefined : (found[0] as string);
  if (owner !== undefined && owner !== session.executionId) {
    throw new ConstraintError(`session already belongs to execution ${owner}, not ${session.executionId}`, 'unique', { row });
  }
}

export function* completeSession(args: InValue[], row: RowRef): StatementScript<void> {
  if ((yield* runStatement(COMPLETE_SESSION, args, row)) === 0) throw new NotFoundError('no such session', { row });
}

export function* updateExecutionStatus(args: InValue[], row: RowRef): StatementScript<void> {
  if ((yield* runStatement(UPDATE_EXECUTION_STATUS, args, row)) === 0) throw new NotFoundError('no such execution', { row });
}

/** A statement's arguments and the row its failure names. */
export interface BoundStatement {
  args: InValue[];
  row: RowRef;
}

/** storeStep's statements, each row's arguments already checked and encoded, in the order the single methods run them. */
export interface StepStatements {
  session: SessionInput;
  insertSession: BoundStatement;
  stepSession: BoundStatement;
  log: BoundStatement;
  toolCalls: BoundStatement[];
  completion: BoundStatement;
  status: BoundStatement;
}

export function* storeStepScript(step: StepStatements): StatementScript<void> {
  yield* insertSession(step.session, step.insertSession.args, step.insertSession.row);
  yield* runStatement(UPSERT_STEP_SESSION, step.stepSession.args, step.stepSession.row);
  yield* runStatement(UPSERT_SESSION_LOG, step.log.args, step.log.row);
  for (const call of step.toolCalls) yield* runStatement(UPSERT_TOOL_CALL, call.args, call.row);
  yield* completeSession(step.completion.args, step.completion.row);
  yield* updateExecutionStatus(step.status.args, step.status.row);
}
