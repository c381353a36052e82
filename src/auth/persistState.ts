import { STATE_KEY, withRunState } from "./rotation";

/**
 * Gives every action, trigger and data source of the component its instance state while it runs, so a personal
 * account's connection finds its newest refresh token there, and returns the state when a newer token was written
 * into it (spectral persists the crossFlowState a perform returns). Blocks that use no such connection return
 * exactly what they returned before.
 */

type Fn = (...args: never[]) => unknown;
type Block = {
  perform?: Fn;
  onInstanceDeploy?: Fn;
  onInstanceDelete?: Fn;
  webhookLifecycleHandlers?: { create?: Fn; delete?: Fn };
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function persisting<F extends Fn | undefined>(fn: F): F {
  if (!fn) return fn;
  const wrapped = async (...args: never[]) => {
    const context = args[0] as { crossFlowState?: unknown } | undefined;
    const state = isRecord(context?.crossFlowState) ? context.crossFlowState : undefined;
    const { result, changed } = await withRunState(state, async () => fn(...args));
    if (!changed || !state) return result;
    const out = isRecord(result) ? result : {};
    const returned = isRecord(out.crossFlowState) ? out.crossFlowState : state;
    return { ...out, crossFlowState: { ...returned, [STATE_KEY]: state[STATE_KEY] } };
  };
  return wrapped as unknown as F;
}

function persistingBlock<B extends Block>(block: B): B {
  const handlers = block.webhookLifecycleHandlers;
  return {
    ...block,
    perform: persisting(block.perform),
    ...(block.onInstanceDeploy ? { onInstanceDeploy: persisting(block.onInstanceDeploy) } : {}),
    ...(block.onInstanceDelete ? { onInstanceDelete: persisting(block.onInstanceDelete) } : {}),
    ...(handlers
      ? { webhookLifecycleHandlers: { create: persisting(handlers.create), delete: persisting(handlers.delete) } }
      : {}),
  };
}

/** The same blocks, each run with its instance state at hand (see the file's comment). */
export function withPersistedRefreshTokens<T extends Record<string, Block>>(blocks: T): T {
  return Object.fromEntries(Object.entries(blocks).map(([key, block]) => [key, persistingBlock(block)])) as T;
}
