import { ImportResultSchema } from '../../shared/api.ts';
import { type UploadProgress, upload, withQuery } from './http.ts';

export const IMPORT_FORMATS = ['jsonl', 'json', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const EXPORT_FORMATS = ['jsonl', 'doccano', 'spacy', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The import format a file name implies, or null when its extension is not one Gloss reads. */
export function formatOf(filename: string): ImportFormat | null {
  const ext = filename.toLowerCase().split('.').pop();
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'json') return 'json';
  if (ext === 'csv') return 'csv';
  return null;
}

export function importFile(
  projectId: number,
  file: File,
  opts: {
    format: ImportFormat;
    update: boolean;
    onProgress: (p: UploadProgress) => void;
    signal?: AbortSignal;
  },
) {
  const path = withQuery(`/api/projects/${projectId}/import`, {
    format: opts.format,
    update: opts.update || undefined,
    filename: file.name,
  });
  return upload(path, file, { schema: ImportResultSchema, onProgress: opts.onProgress, signal: opts.signal });
}

/** A plain URL, so the browser streams the download itself. */
export const exportUrl = (projectId: number, format: ExportFormat, status: 'accepted' | 'all') =>
  withQuery(`/api/projects/${projectId}/export`, { format, status });
