import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  DefaultLogger,
  Runtime,
  bundleWorkflowCode,
  makeTelemetryFilterString,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { executableOption, TEMPORAL_TEST_SERVER } from '../../src/temporal/binaries';
import { registerSearchAttributes } from '../../src/temporal/search-attributes';

// Worker chatter (lifecycle, and the deliberate activity failures of failure tests) hides test output.
Runtime.install({
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
});

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The journey workflows bundled once for the whole test run. */
export function journeyBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger });
  return bundle;
}

/** A time-skipping test server (the pip-installed binary) with the journey search attributes registered. */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executableOption(TEMPORAL_TEST_SERVER) },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn(message: string) {
    console.warn(message);
  },
  error(message: string) {
    console.error(message);
  },
};
