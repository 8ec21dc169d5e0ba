import type { Script } from './hook-discovery.ts';
import { describeLeftovers } from './hook-leftovers.ts';
import {
  describeHookResult,
  type HookResult,
  type HookRunOptions,
  hookSucceeded,
  runHook,
} from './hook-runner.ts';

/** Options of {@link runHookSequence}. */
export interface HookSequenceOptions extends HookRunOptions {
  readonly log: (message: string) => void;
  /** Stop at the first failure (HELIOS_STRICT_HOOKS=1 for init.d). @default false */
  readonly stopOnFailure?: boolean;
  /** Checked before each hook; a stop request skips the rest. */
  readonly cancelled?: () => boolean;
}

/**
 * Runs hooks one at a time in the given order, logging each failure with its
 * script and outcome. Resolves with every result and the first failure.
 */
export async function runHookSequence(
  scripts: readonly Script[],
  options: HookSequenceOptions,
): Promise<{ results: HookResult[]; firstFailure: HookResult | undefined }> {
  const results: HookResult[] = [];
  let firstFailure: HookResult | undefined;
  for (const script of scripts) {
    if (options.cancelled?.()) break;
    const result = await runHook(script, options);
    results.push(result);
    const leftovers = describeLeftovers(result.leftBehind);
    if (hookSucceeded(result)) {
      options.log(`${script.label}: done in ${result.durationMs} ms${leftovers}`);
      continue;
    }
    options.log(`${script.label}: failed (${describeHookResult(result, options.timeoutMs)})${leftovers}`);
    firstFailure ??= result;
    if (options.stopOnFailure) break;
  }
  return { results, firstFailure };
}
