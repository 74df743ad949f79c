/**
 * Our provider ids carry the kind of thing the gateway's id names, so that a check asks about invitations
 * only for invitations and looks for seen receipts only on messages.
 */
type Kind = 'invitation' | 'message';

export function providerId(kind: Kind, gatewayId: string): string {
  return `${kind}:${gatewayId}`;
}

/** The gateway ids of the journey's sends of one kind, newest first. */
function idsOf(kind: Kind, providerIds: string[]): string[] {
  const prefix = `${kind}:`;
  return providerIds.filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length)).reverse();
}

export const invitationIds = (providerIds: string[]): string[] => idsOf('invitation', providerIds);
export const messageIds = (providerIds: string[]): string[] => idsOf('message', providerIds);
