/**
 * The light entry to the image editor: everything here is small except the editor itself, which
 * loads on first render through React.lazy (Konva and react-konva are ~190 KB gzipped and must
 * not weigh on the login, list or text screens). Render the lazy components inside <Suspense>.
 */
import { lazy } from 'react';

export const ImageEditor = lazy(() => import('./ImageEditor.tsx'));
export const ImageView = lazy(() => import('./ImageEditor.tsx').then((m) => ({ default: m.ImageView })));

export { IMAGE_ACTIONS, IMAGE_GESTURES, type ImageAction, labelHotkeys } from './actions.ts';
export { type ChangeMeta, ImageHistory } from './history.ts';
export { ImageHelp } from './ImageHelp.tsx';
export type { ImageEditorHandle, ImageEditorProps } from './types.ts';
