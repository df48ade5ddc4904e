import { ImportResultSchema } from '../../shared/api.ts';
import { type UploadProgress, upload, withQuery } from './http.ts';

/** `auto`: the server tells images, zip archives, COCO and JSON files apart by their content. */
export const IMPORT_FORMATS = ['auto', 'jsonl', 'json', 'csv', 'coco'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const EXPORT_FORMATS = ['jsonl', 'doccano', 'spacy', 'csv', 'coco', 'yolo', 'labelstudio'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The import format a file name implies, or null when its extension is not one Gloss reads. */
export function formatOf(filename: string): ImportFormat | null {
  const ext = filename.toLowerCase().split('.').pop();
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'csv') return 'csv';
  // A .json file may be a task array or a COCO file; images and zips are known by their bytes.
  if (
    ext === 'json' ||
    ext === 'zip' ||
    ext === 'png' ||
    ext === 'jpg' ||
    ext === 'jpeg' ||
    ext === 'webp' ||
    ext === 'gif'
  )
    return 'auto';
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
    format: opts.format === 'auto' ? undefined : opts.format,
    update: opts.update || undefined,
    filename: file.name,
  });
  return upload(path, file, { schema: ImportResultSchema, onProgress: opts.onProgress, signal: opts.signal });
}

/** A plain URL, so the browser streams the download itself. */
export const exportUrl = (projectId: number, format: ExportFormat, status: 'accepted' | 'all') =>
  withQuery(`/api/projects/${projectId}/export`, { format, status });
