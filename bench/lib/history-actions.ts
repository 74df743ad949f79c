import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const EventType = temporal.api.enums.v1.EventType;

/** What one journey spent, counted from its histories (every run, following continue-as-new). */
export interface ActionCounts {
  workflowStarts: number;
  activitiesScheduled: number;
  /** Attempts after the first: billed like a new activity. */
  activityRetries: number;
  timersStarted: number;
  searchAttributeUpserts: number;
  signals: number;
  markers: number;
  continueAsNew: number;
}

export const ACTION_KINDS: (keyof ActionCounts)[] = [
  'workflowStarts',
  'activitiesScheduled',
  'activityRetries',
  'timersStarted',
  'searchAttributeUpserts',
  'signals',
  'markers',
  'continueAsNew',
];

export function emptyCounts(): ActionCounts {
  return { workflowStarts: 0, activitiesScheduled: 0, activityRetries: 0, timersStarted: 0, searchAttributeUpserts: 0, signals: 0, markers: 0, continueAsNew: 0 };
}

export function totalActions(c: ActionCounts): number {
  return ACTION_KINDS.reduce((sum, kind) => sum + c[kind], 0);
}

/** Adds what one run of a journey spent; a run that continued another is counted by the continue-as-new before it. */
export async function addRunActions(client: Client, counts: ActionCounts, workflowId: string, runId: string): Promise<void> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  for (const event of history.events ?? []) {
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        if (!event.workflowExecutionStartedEventAttributes?.continuedExecutionRunId) counts.workflowStarts += 1;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        counts.activitiesScheduled += 1;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
        counts.activityRetries += Math.max(0, (event.activityTaskStartedEventAttributes?.attempt ?? 1) - 1);
        break;
      case EventType.EVENT_TYPE_TIMER_STARTED:
        counts.timersStarted += 1;
        break;
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        counts.searchAttributeUpserts += 1;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        counts.signals += 1;
        break;
      case EventType.EVENT_TYPE_MARKER_RECORDED:
        counts.markers += 1;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
        counts.continueAsNew += 1;
        break;
    }
  }
}
