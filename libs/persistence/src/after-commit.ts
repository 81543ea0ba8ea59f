import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { logger } from '@hamkor/observability';

/** Where a transaction keeps its after-commit actions (QueryRunner.data is TypeORM's slot for subscribers). */
const ACTIONS = 'hamkor.afterCommit';

type Action = () => void;

/**
 * Runs `action` once the transaction of `tx` has committed, and never if it rolls back: for what must
 * follow a change only when it happened and only once it is visible (ringing the outbox relay, queueing
 * the job of a row another process will read). Outside a transaction the statement has committed
 * already, so the action runs at once. A savepoint's release is not the commit: the actions wait for the
 * outermost one.
 *
 * The action must not throw (an error is logged and dropped, never turned into a failure of a commit
 * that happened); an action that starts async work catches its own rejections. Whatever it does is
 * lost if the process dies right after the commit, so it is for work something else makes good
 * (the relay's poll, the delivery sweep).
 */
export function afterCommit(tx: EntityManager, action: Action): void {
  const runner = tx.queryRunner;
  if (!runner?.isTransactionActive) return run([action]);
  watch(tx.connection);
  const data = runner.data as Record<string, Action[] | undefined>;
  (data[ACTIONS] ??= []).push(action);
}

function watch(ds: DataSource): void {
  if (!ds.subscribers.some((s) => s instanceof AfterCommitSubscriber)) ds.subscribers.push(new AfterCommitSubscriber());
}

function take(runner: QueryRunner): Action[] {
  const data = runner.data as Record<string, Action[] | undefined>;
  const actions = data?.[ACTIONS] ?? [];
  if (data) delete data[ACTIONS];
  return actions;
}

function run(actions: Action[]): void {
  for (const action of actions) {
    try {
      action();
    } catch (err) {
      logger('after-commit').error({ err: err instanceof Error ? err.message : String(err) }, 'an after-commit action failed');
    }
  }
}

class AfterCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (!event.queryRunner.isTransactionActive) run(take(event.queryRunner));
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) take(event.queryRunner);
  }
}
