import type { Action } from '../actions.ts';
import { type ShortcutGroup, ShortcutsDialog } from '../controls.tsx';
import { IMAGE_ACTIONS, IMAGE_GESTURES } from './actions.ts';

/**
 * The `?` overlay of the image screens (labeling and a reviewer's correction): the item actions and labels from the screen's table, the
 * tools, shape and view keys from the editor's table, and the mouse gestures, so a shortcut can
 * never be undocumented.
 */
export function ImageHelp({ actions, onClose }: { actions: readonly Action[]; onClose: () => void }) {
  const groups: ShortcutGroup[] = [
    { title: 'Item', rows: actions.filter((a) => a.group === 'Item') },
    { title: 'Edit', rows: actions.filter((a) => a.group === 'Edit' || a.group === 'View') },
    ...(['Tools', 'Shapes', 'View'] as const).map((g) => ({
      title: g === 'View' ? 'Image view' : g,
      rows: IMAGE_ACTIONS.filter((a) => a.group === g),
    })),
    { title: 'Labels', rows: actions.filter((a) => a.group === 'Labels') },
  ];
  return (
    <ShortcutsDialog
      title="Keyboard shortcuts"
      groups={groups}
      onClose={onClose}
      extra={
        <section>
          <h3>Mouse</h3>
          <dl>
            {IMAGE_GESTURES.map((g) => (
              <div key={`${g.how}:${g.label}`} className="ann-help-row">
                <dt>{g.label}</dt>
                <dd className="small">{g.how}</dd>
              </div>
            ))}
          </dl>
        </section>
      }
    />
  );
}
