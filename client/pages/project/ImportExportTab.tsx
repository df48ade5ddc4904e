import { type DragEvent, useRef, useState } from 'react';
import type { ImportResult } from '../../../shared/api.ts';
import type { UploadProgress } from '../../api/http.ts';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  exportUrl,
  formatOf,
  IMPORT_FORMATS,
  type ImportFormat,
  importFile,
} from '../../api/io.ts';
import { ErrorNote } from '../../ui/Feedback.tsx';
import { formatBytes, formatCount } from '../../ui/format.ts';
import { useProject } from './ProjectPage.tsx';

const IMPORT_FORMAT_NAMES: Record<ImportFormat, string> = {
  auto: 'From the content (images, zip, JSON, COCO)',
  jsonl: 'JSON Lines (.jsonl, .ndjson)',
  json: 'JSON task array (.json, Label Studio)',
  csv: 'CSV with a text column (.csv)',
  coco: 'COCO JSON (images already uploaded)',
};
const EXPORT_FORMAT_NAMES: Record<ExportFormat, string> = {
  jsonl: 'Gloss JSONL (everything)',
  doccano: 'doccano JSONL',
  spacy: 'spaCy JSONL',
  csv: 'CSV (choices)',
  coco: 'COCO JSON (image shapes)',
  yolo: 'YOLO labels (zip)',
  labelstudio: 'Label Studio JSON',
};

const ACCEPT = [
  '.jsonl,.ndjson,.json,.csv,application/json,text/csv',
  '.zip,application/zip',
  '.png,.jpg,.jpeg,.webp,.gif,image/png,image/jpeg,image/webp,image/gif',
].join(',');

/** The results of several uploads as one; with more than one file each problem names its file. */
function combine(results: { file: string; result: ImportResult }[]): ImportResult {
  const many = results.length > 1;
  return {
    imported: results.reduce((n, r) => n + r.result.imported, 0),
    updated: results.reduce((n, r) => n + r.result.updated, 0),
    duplicates: results.reduce((n, r) => n + r.result.duplicates, 0),
    errors: results.flatMap((r) =>
      r.result.errors.map((e) => (many ? { ...e, message: `${r.file}: ${e.message}` } : e)),
    ),
    errorsTruncated: results.some((r) => r.result.errorsTruncated),
  };
}

export function ImportExportTab() {
  const { can } = useProject();
  return (
    <div className="tab-body io-grid">
      {can('items.import') && <ImportPanel />}
      {can('items.export') && <ExportPanel />}
    </div>
  );
}

type Upload =
  | { phase: 'idle' }
  | { phase: 'sending'; progress: UploadProgress }
  | { phase: 'done'; result: ImportResult; file: string }
  | { phase: 'failed'; error: Error };

function ImportPanel() {
  const { project, reload } = useProject();
  const inputRef = useRef<HTMLInputElement>(null);
  const abortRef = useRef<AbortController | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [format, setFormat] = useState<ImportFormat | ''>('');
  const [update, setUpdate] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [upload, setUpload] = useState<Upload>({ phase: 'idle' });
  const busy = upload.phase === 'sending';

  const file = files[0] ?? null;
  const totalSize = files.reduce((n, f) => n + f.size, 0);

  function choose(list: FileList | null | undefined) {
    const picked = list ? Array.from(list) : [];
    if (!picked.length || busy) return;
    setFiles(picked);
    setFormat(picked.length === 1 ? (formatOf(picked[0]!.name) ?? '') : 'auto');
    setUpload({ phase: 'idle' });
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer.files);
  }

  /** Sends the files one after the other (each a request of its own), the bar counting all of them. */
  async function start() {
    if (!files.length || !format) return;
    const ctl = new AbortController();
    abortRef.current = ctl;
    setUpload({ phase: 'sending', progress: { loaded: 0, total: totalSize, sent: false } });
    try {
      const results: { file: string; result: ImportResult }[] = [];
      let before = 0;
      for (const f of files) {
        const result = await importFile(project.id, f, {
          format,
          update,
          signal: ctl.signal,
          onProgress: (p) =>
            setUpload({
              phase: 'sending',
              progress: {
                loaded: before + p.loaded,
                total: totalSize,
                sent: p.sent && f === files[files.length - 1],
              },
            }),
        });
        results.push({ file: f.name, result });
        before += f.size;
      }
      setUpload({
        phase: 'done',
        result: combine(results),
        file: files.length === 1 ? files[0]!.name : `${files.length} files`,
      });
      if (inputRef.current) inputRef.current.value = '';
      setFiles([]);
      reload();
    } catch (e) {
      setUpload(
        (e as Error).name === 'AbortError' ? { phase: 'idle' } : { phase: 'failed', error: e as Error },
      );
    }
  }

  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title">Import</h2>
      <p className="muted small">
        One item per line: <code>{'{"id": "doc-1", "text": "…", "meta": {…}, "tags": […]}'}</code>, a Label
        Studio task array, or a CSV with a <code>text</code> column. For images: PNG, JPEG, WebP or GIF files,
        or a zip of them (with a <code>tasks.jsonl</code> or COCO file inside, if you have one); each image
        without a tasks file becomes an item. Bad lines are listed; good ones still import.
      </p>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the file input inside is the keyboard path; dropping is a mouse extra */}
      <div
        className={`dropzone ${dragging ? 'over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={(e) => {
          // Moving over a child fires dragleave on the zone; only leaving the zone itself counts.
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
      >
        <svg viewBox="0 0 24 24" className="drop-icon" aria-hidden="true">
          <path d="M12 16V4M7 9l5-5 5 5M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3" />
        </svg>
        <p>
          Drop files here, or{' '}
          <label className="filepick">
            choose files
            <input
              ref={inputRef}
              type="file"
              className="sr-only"
              multiple
              accept={ACCEPT}
              disabled={busy}
              onChange={(e) => choose(e.target.files)}
            />
          </label>
        </p>
        {files.length === 1 && file ? (
          <p className="file-name">
            <strong>{file.name}</strong> <span className="muted">{formatBytes(file.size)}</span>
          </p>
        ) : files.length > 1 ? (
          <p className="file-name" title={files.map((f) => f.name).join('\n')}>
            <strong>{files.length} files</strong>{' '}
            <span className="muted">
              {formatBytes(totalSize)}:{' '}
              {files
                .slice(0, 3)
                .map((f) => f.name)
                .join(', ')}
              {files.length > 3 ? ', …' : ''}
            </span>
          </p>
        ) : (
          <p className="muted small">.jsonl, .ndjson, .json, .csv, images or .zip, any size</p>
        )}
      </div>
      <div className="io-options">
        <label className="field">
          <span className="field-label">Format</span>
          <select
            value={format}
            disabled={busy}
            onChange={(e) => setFormat(e.target.value as ImportFormat | '')}
            aria-invalid={Boolean(file && !format)}
          >
            <option value="" disabled>
              {file ? 'Unknown extension: pick one' : 'From the file name'}
            </option>
            {IMPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {IMPORT_FORMAT_NAMES[f]}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={update}
            disabled={busy}
            onChange={(e) => setUpdate(e.target.checked)}
          />
          Update existing ids (replace their data instead of skipping them)
        </label>
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="btn primary"
          disabled={!files.length || !format || busy}
          onClick={start}
        >
          Import
        </button>
        {busy && (
          <button type="button" className="btn ghost" onClick={() => abortRef.current?.abort()}>
            Cancel
          </button>
        )}
      </div>
      <div className="upload-status" aria-live="polite">
        {upload.phase === 'sending' && <UploadBar progress={upload.progress} />}
        {upload.phase === 'failed' && <ErrorNote error={upload.error} />}
        {upload.phase === 'done' && <ImportReport result={upload.result} file={upload.file} />}
      </div>
    </section>
  );
}

function UploadBar({ progress }: { progress: UploadProgress }) {
  const pct = progress.total ? Math.round((progress.loaded / progress.total) * 100) : 0;
  if (progress.sent)
    return (
      <div className="upload">
        <div className="progress indeterminate" role="progressbar" aria-label="Processing">
          <span />
        </div>
        <p className="small">Processing… the server is reading and storing the items.</p>
      </div>
    );
  return (
    <div className="upload">
      <div
        className="progress"
        role="progressbar"
        aria-label="Upload"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
      >
        <span style={{ width: `${pct}%` }} />
      </div>
      <p className="small">
        Uploading {formatBytes(progress.loaded)} of {formatBytes(progress.total)} · {pct}%
      </p>
    </div>
  );
}

function ImportReport({ result, file }: { result: ImportResult; file: string }) {
  const bad = result.errors.length;
  return (
    <div className="report" role="status" aria-label="Import result">
      <p className={`report-title ${bad ? 'warn' : 'ok'}`}>
        {bad ? `Imported ${file} with problems on some lines` : `Imported ${file}`}
      </p>
      <dl className="tiles">
        <div>
          <dt>Imported</dt>
          <dd>{formatCount(result.imported)}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{formatCount(result.updated)}</dd>
        </div>
        <div>
          <dt>Duplicates</dt>
          <dd>{formatCount(result.duplicates)}</dd>
        </div>
        <div className={bad ? 'bad' : ''}>
          <dt>Errors</dt>
          <dd>
            {formatCount(bad)}
            {result.errorsTruncated ? '+' : ''}
          </dd>
        </div>
      </dl>
      {result.duplicates > 0 && (
        <p className="muted small">
          Duplicates are ids already in the project; they were left as they were. Tick “Update existing ids”
          to replace them.
        </p>
      )}
      {bad > 0 && (
        <div className="table-wrap bad-lines">
          <table>
            <caption className="sr-only">Lines that were not imported</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Line
                </th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {result.errors.map((e) => (
                <tr key={`${e.line}:${e.message}`}>
                  <td className="num">{e.line}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.errorsTruncated && <p className="muted small">Only the first {bad} problems are listed.</p>}
        </div>
      )}
    </div>
  );
}

function ExportPanel() {
  const { project } = useProject();
  const [format, setFormat] = useState<ExportFormat>('jsonl');
  const [status, setStatus] = useState<'accepted' | 'all'>('accepted');
  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p className="muted small">
        Streams one line per item with its final labels; with “all items”, items not yet accepted come with{' '}
        <code>"labels": null</code>. COCO, YOLO and Label Studio hold the image shapes in their own form (COCO
        and YOLO take an unfinished item's latest submitted annotation).
      </p>
      <div className="io-options">
        <label className="field">
          <span className="field-label">Format</span>
          <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {EXPORT_FORMAT_NAMES[f]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Items</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as 'accepted' | 'all')}>
            <option value="accepted">Accepted only ({formatCount(project.counts.accepted ?? 0)})</option>
            <option value="all">All items</option>
          </select>
        </label>
      </div>
      <div className="form-actions">
        <a className="btn primary" href={exportUrl(project.id, format, status)} download>
          Download
        </a>
      </div>
    </section>
  );
}
