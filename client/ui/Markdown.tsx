import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';

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
