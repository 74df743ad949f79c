import { analyzeTemplate } from '../sequences/template-analysis';
import { ACTION_CHANNEL, type Channel, type SequenceGraph } from '../sequences/model';
import { findNode } from '../sequences/graph';

export interface MemberContact {
  personId: string;
  xUserId: string | null;
  xHandle: string | null;
  email: string | null;
  linkedinUrl: string | null;
  cryptoAddress: string | null;
  variables: Record<string, string>;
}

const IDENTIFIER: Record<Channel, { has: (m: MemberContact) => boolean; what: string }> = {
  x: { has: (m) => Boolean(m.xUserId || m.xHandle), what: 'an X id or handle' },
  email: { has: (m) => Boolean(m.email), what: 'an email address' },
  linkedin: { has: (m) => Boolean(m.linkedinUrl), what: 'a LinkedIn URL' },
  xmtp: { has: (m) => Boolean(m.cryptoAddress), what: 'a crypto address' },
};

export interface ReachabilityRules {
  firstChannel: Channel | null;
  /** Variables some template uses without a default: each member needs a value for every one. */
  requiredVariables: string[];
}

/** What a member needs for this sequence: an identifier on the first action's channel, and template values. */
export function reachabilityRules(graph: SequenceGraph): ReachabilityRules {
  const required = new Set<string>();
  for (const node of graph.nodes) {
    const template = node.template === undefined ? undefined : graph.templates[node.template];
    for (const variant of template?.variants ?? []) {
      for (const text of [variant.body, variant.subject ?? '']) {
        const analysed = analyzeTemplate(text);
        if (!analysed.ok) continue;
        for (const use of analysed.facts.uses) if (!use.defaulted) required.add(use.name);
      }
    }
  }
  return { firstChannel: ACTION_CHANNEL[findNode(graph, graph.start).action], requiredVariables: [...required].sort() };
}

/** Why the sequence cannot reach this member, or undefined when it can. */
export function unreachableReason(rules: ReachabilityRules, member: MemberContact): string | undefined {
  if (rules.firstChannel !== null && !IDENTIFIER[rules.firstChannel].has(member)) {
    return `no ${rules.firstChannel} identifier: the first action needs ${IDENTIFIER[rules.firstChannel].what}`;
  }
  const missing = rules.requiredVariables.filter((name) => !member.variables[name]?.trim());
  if (missing.length > 0) {
    return `no value for template variable${missing.length > 1 ? 's' : ''} ${missing.map((m) => `{{ ${m} }}`).join(', ')} and no default`;
  }
  return undefined;
}
