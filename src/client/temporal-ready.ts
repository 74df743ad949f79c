import type { Client } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../workflows/contract';
import { grpcStatusOf } from '../errors/describe';

/** gRPC status codes (grpc/grpc doc/statuscodes.md). */
const NOT_FOUND = 5;
const PERMISSION_DENIED = 7;
const UNIMPLEMENTED = 12;

/**
 * What a journey start needs from Temporal beyond a connection, checked before anything is written: the
 * namespace exists and the journeys' search attributes are registered on it (a start would fail on each).
 * A server that does not let us look (Temporal Cloud without operator rights) is given the benefit of doubt.
 */
export async function assertTemporalReady(client: Client, namespace: string): Promise<void> {
  try {
    await client.workflowService.describeNamespace({ namespace });
  } catch (error) {
    if (grpcStatusOf(error)?.code === NOT_FOUND) {
      throw new Error(`Temporal has no namespace "${namespace}" (TEMPORAL_NAMESPACE); create it, or set TEMPORAL_NAMESPACE to one that exists`);
    }
    if (!cannotLook(error)) throw error;
  }
  let registered: Set<string>;
  try {
    const answer = await client.connection.operatorService.listSearchAttributes({ namespace });
    registered = new Set(Object.keys(answer.customAttributes ?? {}));
  } catch (error) {
    if (cannotLook(error)) return;
    throw error;
  }
  const missing = SEARCH_ATTRIBUTE_DEFINITIONS.map((d) => d.name).filter((name) => !registered.has(name));
  if (missing.length > 0) {
    throw new Error(
      `namespace "${namespace}" lacks the journeys' search attributes ${missing.join(', ')}; ` +
        'register them first (docs/deployment.md, "Registering the search attributes")',
    );
  }
}

function cannotLook(error: unknown): boolean {
  const code = grpcStatusOf(error)?.code;
  return code === PERMISSION_DENIED || code === UNIMPLEMENTED;
}
