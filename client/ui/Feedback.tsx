import type { ReactNode } from 'react';
import { ApiError } from '../api/http.ts';

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** A failed load or write, said plainly, with a retry when there is something to retry. */
export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="note error" role="alert">
      <span>{errorText(error)}</span>
      {onRetry && (
        <button type="button" className="btn small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState(props: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <svg className="empty-mark" viewBox="0 0 48 48" aria-hidden="true">
        <rect x="8" y="6" width="28" height="36" rx="3" />
        <path d="M14 16h16M14 23h16M14 30h9" />
        <path d="M38 14v22" className="accent" />
      </svg>
      <h3>{props.title}</h3>
      {props.children && <p>{props.children}</p>}
      {props.action}
    </div>
  );
}

/** Grey blocks where content will be, so nothing jumps when it arrives. */
export function Skeleton({ rows = 3, height = 20 }: { rows?: number; height?: number }) {
  return (
    <div className="skeleton-stack" aria-busy="true">
      <span className="sr-only">Loading…</span>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="skeleton" style={{ height }} />
      ))}
    </div>
  );
}
