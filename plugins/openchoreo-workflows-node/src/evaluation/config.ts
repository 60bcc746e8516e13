import { Config } from '@backstage/config';
import {
  EvaluationPool,
  Evaluator,
  InlineEvaluator,
  QUEUE_TIMEOUT_MS,
} from './EvaluationPool';

const PREFIX = 'openchoreoWorkflows.evaluation';

/**
 * The defaults of `openchoreoWorkflows.evaluation` (declared in the backend's config.d.ts).
 *
 * @public
 */
export const EVALUATION_DEFAULTS = {
  timeoutMs: 2000,
  queueTimeoutMs: QUEUE_TIMEOUT_MS,
  threads: 2,
  memoryLimitMb: 256,
  perUserConcurrency: 1,
  perUserQueue: 4,
  totalQueue: 100,
} as const;

function positive(config: Config | undefined, key: string, fallback: number) {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `${PREFIX}.${key} must be a positive integer, got ${value}`,
    );
  }
  return value;
}

/**
 * The evaluator `openchoreoWorkflows.evaluation` asks for: a pool of worker
 * threads with a deadline and per-user limits, or (`inline: true`, for
 * benchmarks only) evaluation on the event loop.
 *
 * @public
 */
export function createEvaluatorFromConfig(
  root: Config,
  options: { onError?: (error: Error) => void } = {},
): Evaluator {
  const config = root.getOptionalConfig(PREFIX);
  if (config?.getOptionalBoolean('inline')) return new InlineEvaluator();
  const d = EVALUATION_DEFAULTS;
  return new EvaluationPool({
    timeoutMs: positive(config, 'timeoutMs', d.timeoutMs),
    threads: positive(config, 'threads', d.threads),
    memoryLimitMb: positive(config, 'memoryLimitMb', d.memoryLimitMb),
    timeoutSetting: `${PREFIX}.timeoutMs`,
    queueTimeoutMs: positive(config, 'queueTimeoutMs', d.queueTimeoutMs),
    queueTimeoutSetting: `${PREFIX}.queueTimeoutMs`,
    users: {
      concurrency: positive(config, 'perUserConcurrency', d.perUserConcurrency),
      queue: positive(config, 'perUserQueue', d.perUserQueue),
      totalQueue: positive(config, 'totalQueue', d.totalQueue),
      settingPrefix: PREFIX,
    },
    onError: options.onError,
  });
}
