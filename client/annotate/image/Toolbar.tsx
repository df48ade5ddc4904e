/** The workspace's toolbar: tools (editor only), zoom, fit, 1:1 and hide-all, titled from the actions list. */
import { memo } from 'react';
import { formatCombo, isMac } from '../keys.ts';
import { IMAGE_ACTIONS, type ImageCommands } from './actions.ts';
import type { ToolId } from './tools.ts';

const TOOL_BUTTONS: { id: ToolId; label: string; glyph: string }[] = [
  { id: 'select', label: 'Select', glyph: '↖' },
  { id: 'box', label: 'Box', glyph: '▭' },
  { id: 'polygon', label: 'Polygon', glyph: '⬠' },
  { id: 'point', label: 'Point', glyph: '•' },
];

function keyOf(id: string): string {
  const combo = IMAGE_ACTIONS.find((a) => a.id === id)?.keys[0];
  return combo ? ` (${formatCombo(combo, isMac())})` : '';
}

export const Toolbar = memo(function Toolbar(p: {
  tool: ToolId;
  tools: ReadonlySet<ToolId>;
  readOnly: boolean;
  scale: number;
  allHidden: boolean;
  commands: ImageCommands;
}) {
  const c = p.commands;
  return (
    <div className="ie-toolbar" role="toolbar" aria-label="Image tools">
      {!p.readOnly && (
        <fieldset className="ie-group">
          <legend className="sr-only">Tools</legend>
          {TOOL_BUTTONS.filter((t) => p.tools.has(t.id)).map((t) => (
            <button
              key={t.id}
              type="button"
              className={`btn small ie-tool${p.tool === t.id ? ' active' : ''}`}
              aria-pressed={p.tool === t.id}
              title={`${t.label}${keyOf(`tool:${t.id}`)}`}
              onClick={() => c.tool(t.id)}
            >
              <span aria-hidden="true">{t.glyph}</span> {t.label}
            </button>
          ))}
        </fieldset>
      )}
      <fieldset className="ie-group">
        <legend className="sr-only">View</legend>
        <button
          type="button"
          className="btn small ghost"
          title={`Zoom out${keyOf('zoomOut')}`}
          onClick={() => c.zoom(0.8)}
        >
          −
        </button>
        <span className="ie-zoom num" aria-live="polite">
          {Math.round(p.scale * 100)}%
        </span>
        <button
          type="button"
          className="btn small ghost"
          title={`Zoom in${keyOf('zoomIn')}`}
          onClick={() => c.zoom(1.25)}
        >
          +
        </button>
        <button
          type="button"
          className="btn small ghost"
          title={`Fit to screen${keyOf('fit')}`}
          onClick={c.fit}
        >
          Fit
        </button>
        <button
          type="button"
          className="btn small ghost"
          title={`Actual size${keyOf('actualSize')}`}
          onClick={c.actualSize}
        >
          1:1
        </button>
        <button
          type="button"
          className="btn small ghost"
          aria-pressed={p.allHidden}
          title={`Hide or show all shapes${keyOf('toggleShapes')}`}
          onClick={c.toggleShapes}
        >
          {p.allHidden ? 'Show shapes' : 'Hide shapes'}
        </button>
      </fieldset>
    </div>
  );
});
