/** An email that waits for a reply: thanks on one, a nudge after 3 days without. */
export const EMAIL_THEN_NUDGE = `
templates:
  hello: { subject: "Hello", body: "hello" }
  thanks: { subject: "Thanks", body: "thanks" }
  nudge: { subject: "Nudge", body: "nudge" }
nodes:
  - { id: hello, action: SEND_EMAIL, template: hello }
  - { id: thanks, action: SEND_EMAIL, template: thanks }
  - { id: nudge, action: SEND_EMAIL, template: nudge }
edges:
  - { from: hello, to: thanks, trigger: REPLIED }
  - { from: hello, to: nudge, trigger: NOT_REPLIED, within: 3d }
  - { from: thanks, trigger: END }
  - { from: nudge, trigger: END }
`;

/** A DM that waits for a reply: thanks on one, a nudge after 3 days without. */
export const DM_THEN_NUDGE = `
templates:
  hello: { body: "hello" }
  thanks: { body: "thanks" }
  nudge: { body: "nudge" }
nodes:
  - { id: dm, action: SEND_TWITTER_DM, template: hello }
  - { id: thanks, action: SEND_TWITTER_DM, template: thanks }
  - { id: nudge, action: SEND_TWITTER_DM, template: nudge }
edges:
  - { from: dm, to: thanks, trigger: REPLIED }
  - { from: dm, to: nudge, trigger: NOT_REPLIED, within: 3d }
  - { from: thanks, trigger: END }
  - { from: nudge, trigger: END }
`;
