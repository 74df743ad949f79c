import { type AuthoredSequence, nodeProblem } from './authored';
import { uniqueNodes } from './graph-rules';
import type { SequenceProblem } from './problems';

/**
 * X's automation rules forbid follow churn, so a journey follows and unfollows its person at most once:
 * no FOLLOW_ON_TWITTER may run after an UNFOLLOW_ON_TWITTER of the same journey. Then every run's follows
 * and unfollows read follow* unfollow*, which holds at most one follow -> unfollow pair.
 *
 * The rule is structural: a FOLLOW node that any path of edges (with a `to`, of any trigger) leads to from
 * an UNFOLLOW node is refused, whatever the max_visits on the way. Counting visits along paths would accept
 * a few more graphs (a path blocked only by a visit limit) at the price of a pass that is not linear and a
 * refusal an author cannot see at a glance. An UNFOLLOW without any FOLLOW is allowed (it unfollows someone
 * followed before the journey), and so are repeated follows, or repeated unfollows, with nothing between them.
 * One breadth-first pass from every UNFOLLOW node at once: each node and edge is looked at once, and each
 * FOLLOW node reached is reported once, naming the nearest UNFOLLOW it is reached from.
 */
export function checkFollowChurn(seq: AuthoredSequence): SequenceProblem[] {
  const nodes = uniqueNodes(seq);
  const next = new Map<string, string[]>();
  for (const e of seq.edges) {
    // An END edge with a `to` is reported on its own; it never leads anywhere.
    if (e.from === undefined || e.to === undefined || e.trigger === 'END' || !nodes.has(e.to)) continue;
    const list = next.get(e.from);
    if (list) list.push(e.to);
    else next.set(e.from, [e.to]);
  }
  const unfollows = [...nodes.values()].filter((n) => n.action === 'UNFOLLOW_ON_TWITTER').map((n) => n.id);
  /** Each node reached to the UNFOLLOW node it is reached from, the nearest (sources are at distance 0). */
  const after = new Map<string, string>(unfollows.map((id) => [id, id]));
  const queue = [...unfollows];
  const problems: SequenceProblem[] = [];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as string;
    const source = after.get(id) as string;
    for (const to of next.get(id) ?? []) {
      // UNFOLLOW nodes are in `after` from the start: unfollowing again is harmless and reported nowhere.
      if (after.has(to)) continue;
      after.set(to, source);
      queue.push(to);
      const node = nodes.get(to);
      if (node?.action === 'FOLLOW_ON_TWITTER') problems.push(nodeProblem(node, churnMessage(source)));
    }
  }
  return problems;
}

function churnMessage(unfollow: string): string {
  return (
    `FOLLOW_ON_TWITTER can run again after node ${unfollow} (UNFOLLOW_ON_TWITTER) unfollowed: a person could be ` +
    `followed and unfollowed more than once, and X's automation rules forbid follow churn ` +
    `(end the journey after the unfollow, or lead it to nodes that never follow again)`
  );
}
