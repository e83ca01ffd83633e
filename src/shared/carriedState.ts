/**
 * A page state carried from a panel's page to the fresh page that replaces it (a restored panel
 * that stayed blank is replaced; VS Code keeps no state for the new page): written into the fresh
 * page's HTML by the host, read back by the page, which validates it like its own saved state.
 */

/** A carried state larger than this is dropped (the page's own state is a few hundred bytes). */
export const MAX_CARRIED_STATE_CHARS = 64 * 1024;

/**
 * `state` as JSON safe inside a `<script type="application/json">` element (every `<` and the two
 * JavaScript line separators escaped, so no `</script>` can end it), or '' when there is none, it
 * does not serialize, or it is too large.
 */
export function carriedStateJson(state: unknown): string {
  if (state === undefined || state === null) return '';
  let json: string | undefined;
  try {
    json = JSON.stringify(state);
  } catch {
    return '';
  }
  if (json === undefined || json.length > MAX_CARRIED_STATE_CHARS) return '';
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The state a carried-state element's text holds, or null (none, too large, or not JSON). */
export function parseCarriedState(text: string | null | undefined): unknown {
  if (!text || text.length > MAX_CARRIED_STATE_CHARS) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
