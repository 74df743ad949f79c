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

/** sdk-core gives the server a fixed 5 s to answer; on a busy 2-CPU machine it sometimes needs a second try. */
const SERVER_START_TRIES = 3;

/** A time-skipping test server (the pip-installed binary) with the journey search attributes registered. */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      const env = await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: executableOption(TEMPORAL_TEST_SERVER) },
      });
      await registerSearchAttributes(env.connection, env.namespace ?? 'default');
      return env;
    } catch (error) {
      if (attempt >= SERVER_START_TRIES || !/did not start within/.test(String(error))) throw error;
      console.warn(`time-skipping test server: not up within sdk-core's 5 s, try ${attempt + 1} of ${SERVER_START_TRIES}`);
    }
  }
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
