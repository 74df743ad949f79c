import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';

export const goSignal = defineSignal('go');

const { reached } = proxyActivities<{ reached(): Promise<void> }>({ startToCloseTimeout: '1 minute' });

/** The least a signal-driven step costs: wait on a condition the signal sets, then run one activity. */
export async function latencyBaselineWorkflow(): Promise<void> {
  let go = false;
  setHandler(goSignal, () => {
    go = true;
  });
  await condition(() => go);
  await reached();
}
