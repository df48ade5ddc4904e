import './imageScreen.css';
import { Suspense, useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import type { Size } from '../../../shared/geometry.ts';
import type { Labels } from '../../../shared/labels.ts';
import type { ActionState, Commands } from '../../annotate/actions.ts';
import { SkipDialog } from '../../annotate/controls.tsx';
import { Editor } from '../../annotate/editor.ts';
import { ItemHeader, ItemSide } from '../../annotate/ItemHeader.tsx';
import { ImageEditor, ImageHelp } from '../../annotate/image/index.ts';
import { Suggestions } from '../../annotate/suggestions.ts';
import { type ItemScreenProps, useItemSession } from '../../annotate/useItemSession.ts';
import { useKeyboard } from '../../annotate/useKeyboard.ts';
import { imageScreenActions, imageStartingLabels, NO_TEXT } from './imageSession.ts';

/**
 * The annotator's screen for one image item: the image editor (boxes, polygons, points) in the
 * middle, the choice and text tasks beside it, and the same item machinery as the text screen:
 * one Editor for labels and undo, autosave with an offline fallback, submit and skip.
 */
export function ImageAnnotatorScreen(props: ItemScreenProps) {
  const { project, item } = props;
  const schema = project.schema;
  const size = useMemo<Size>(
    () => ({ width: item.data.width ?? 0, height: item.data.height ?? 0 }),
    [item.data.width, item.data.height],
  );
  const [{ editor, start, from }] = useState(() => {
    const s = imageStartingLabels(schema, item, size);
    return {
      editor: new Editor(schema, NO_TEXT, s.labels, new Suggestions(schema, {}), item.annotation !== null),
      start: s.labels,
      from: s.from,
    };
  });
  const state = useSyncExternalStore(editor.subscribe, editor.get);
  const session = useItemSession(props, editor, from);
  const { overlay, setOverlay, setMessage } = session;
  const actions = useMemo(() => imageScreenActions(schema), [schema]);

  const onChange = useCallback(
    // A gesture's interim states (if the editor ever relays them) fold into one undo step.
    (next: Labels, meta: { undoable: boolean }) =>
      editor.change(next, meta.undoable ? {} : { coalesce: 'gesture' }),
    [editor],
  );
  const onReady = useCallback(() => performance.mark('gloss:item-rendered'), []);

  const none = () => undefined;
  const commands: Commands = {
    ...session.commands,
    escape: () => session.onEscape(),
    label: (taskName, value) => {
      const task = editor.task(taskName);
      if (task?.type !== 'choices') return;
      setMessage(null);
      editor.toggleChoice(task, value);
    },
    // Text-only actions: not in this screen's table.
    deleteSpan: none,
    cycleSpan: none,
    toggleCaret: none,
    moveCaret: none,
    acceptSuggestions: none,
  };
  const actionState = (): ActionState => ({
    caret: false,
    spanSelected: false,
    hasSpans: false,
    suggestions: false,
    overlay: overlay !== null,
  });
  useKeyboard(actions, actionState, commands);

  const src = item.data.mediaId !== undefined ? `/api/media/${item.data.mediaId}` : null;
  const model = item.predictions[0]?.model;
  const untouched = from === 'predictions' && state.labels === start && Object.keys(start).length > 0;

  return (
    <div className="ann ann-image" data-item={item.id} ref={session.screenRef}>
      <ItemHeader
        screen={props}
        headRef={session.headRef}
        actions={actions}
        commands={commands}
        canUndo={state.canUndo}
        canRedo={state.canRedo}
        save={session.save}
        busy={session.busy}
        message={session.message}
        hint="Pick a tool or a label (its key), then draw on the image. Wheel: zoom. Space+drag: pan. ?: all shortcuts."
      >
        {untouched && (
          <div className="ann-banner ann-suggest-note">
            <span className="ann-suggested-badge">suggested</span> These shapes were proposed by{' '}
            {model ? <strong>{model}</strong> : 'a model'}: check each one, fix or delete what is wrong, and
            add what is missing.
          </div>
        )}
      </ItemHeader>

      <div className={`ann-imgbody${props.infoOpen ? '' : ' no-info'}`}>
        <div className="ann-imgmain">
          {src && size.width > 0 && size.height > 0 ? (
            <Suspense fallback={<p className="muted ann-imgwait">Loading the image editor…</p>}>
              <ImageEditor
                src={src}
                width={size.width}
                height={size.height}
                tasks={schema.tasks}
                value={state.labels}
                onChange={onChange}
                onReady={onReady}
                // While a dialog is open the canvas takes no keys (Escape belongs to the dialog).
                readOnly={overlay !== null}
              />
            </Suspense>
          ) : (
            <div className="note error">
              This item has no stored image: import it again with its image file.
            </div>
          )}
        </div>
        <ItemSide
          screen={props}
          editor={editor}
          commands={commands}
          missing={session.missing}
          colorOf={() => '#6b7280'}
        />
      </div>

      {overlay === 'help' && <ImageHelp actions={actions} onClose={() => setOverlay(null)} />}
      {overlay === 'skip' && (
        <SkipDialog onSkip={(r) => void session.finishSkip(r)} onCancel={() => setOverlay(null)} />
      )}
    </div>
  );
}
