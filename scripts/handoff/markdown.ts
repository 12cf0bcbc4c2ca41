/**
 * Escaping for text that did not come from this tool (a preflight report, the profile's description, a policy
 * suppression's reason) when it is copied into the bundle's Markdown: it must render as the text itself, never as
 * HTML, a link, a heading or a table break, and never carry control characters to a terminal or a renderer.
 */

/** Markdown punctuation that can start or end formatting, links, code, tables or HTML. */
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()<>#+!|~]/g;

/**
 * Text made inert for Markdown: HTML-significant characters become entities, Markdown punctuation is
 * backslash-escaped, line breaks become spaces (so a value cannot start a heading or leave a table row) and other
 * control characters are dropped. `javascript:` loses its colon so no renderer turns it into a link.
 */
export function markdownText(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '\n' || ch === '\r' || ch === '\t' || c === 0x2028 || c === 0x2029) out += ' ';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) continue;
    else out += ch;
  }
  return out
    .replace(/&/g, '&amp;')
    .replace(MARKDOWN_SPECIAL, (m) => (m === '<' ? '&lt;' : m === '>' ? '&gt;' : `\\${m}`))
    .replace(/\b(javascript|vbscript|data):/gi, '$1&#58;')
    .replace(/ {2,}/g, ' ')
    .trim();
}
