import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';

/** A URL that would make the browser reach for another host (one that cannot be read counts too). */
function external(url: string): boolean {
  if (/^(data|blob):/i.test(url.trim())) return false;
  try {
    return new URL(url, window.location.href).origin !== window.location.origin;
  } catch {
    return true;
  }
}

/**
 * Sources on other hosts are dropped: the CSP would refuse them anyway, and Gloss never makes
 * the browser reach for another host (an image in guidelines would tell that host who reads them).
 */
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  for (const name of ['src', 'srcset', 'poster', 'xlink:href', 'background']) {
    const value = node.getAttribute(name);
    if (value === null) continue;
    const urls = name === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : [value];
    if (urls.some(external)) node.removeAttribute(name);
  }
});

/** Guidelines are written by project managers but read by everyone, so the HTML is sanitised. */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(
    () =>
      DOMPurify.sanitize(marked.parse(source, { async: false, gfm: true }), {
        FORBID_ATTR: ['style'],
        FORBID_TAGS: ['style', 'form', 'input', 'button'],
      }),
    [source],
  );
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify just above
  return <div className={`markdown ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
