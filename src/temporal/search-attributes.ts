import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../workflows/contract';

const INDEXED_TYPE = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
} as const;

/** Registers the journey search attributes on a server through the operator service; safe to repeat. */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const searchAttributes: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const { name, type } of SEARCH_ATTRIBUTE_DEFINITIONS) {
    if (type !== 'KEYWORD' && type !== 'INT') throw new Error(`search attribute ${name}: type ${type} not mapped`);
    searchAttributes[name] = INDEXED_TYPE[type];
  }
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
}
