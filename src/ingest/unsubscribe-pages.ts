/** The unsubscribe pages: small, self-contained, no scripts, nothing about the person on them. */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.6rem 1.2rem;cursor:pointer}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>
`;
}

/** The GET page: a button that POSTs the one-click body back to this same link; the GET itself changes nothing. */
export function confirmPage(token: string): string {
  const action = `?token=${encodeURIComponent(token)}`;
  return page(
    'Unsubscribe?',
    `<p>Press the button to stop receiving these emails. You will not be contacted again on any channel.</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
  );
}

export function donePage(): string {
  return page('You are unsubscribed', '<p>You will not receive further messages from us. Nothing more needs to be done.</p>');
}

export function refusedPage(reason: string): string {
  return page('This unsubscribe link is not valid', `<p>${escapeHtml(reason)}</p><p>If you copied it from an email, copy the whole link, or reply to the email asking to be removed.</p>`);
}

export function failedPage(): string {
  return page('Please try again', '<p>Your request could not be recorded just now. Please try the link again in a few minutes.</p>');
}
