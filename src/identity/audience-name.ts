/** Audience names are unique-indexed and printed in every listing: short, one line. */
const MAX_AUDIENCE_NAME_CHARS = 200;

/** Returns the name, or throws naming what is wrong with it. */
export function checkAudienceName(name: string): string {
  if (name.trim() === '') throw new Error('audience name: blank; an audience needs a name');
  if (name.length > MAX_AUDIENCE_NAME_CHARS) {
    throw new Error(`audience name: ${name.length.toLocaleString('en-US')} characters; the limit is ${MAX_AUDIENCE_NAME_CHARS}`);
  }
  // eslint-disable-next-line no-control-regex
  const control = /[\x00-\x1f\x7f]/.exec(name);
  if (control) {
    const code = `0x${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
    throw new Error(`audience name: holds a control character (${code} at character ${control.index + 1}); use a name on one line`);
  }
  return name;
}
