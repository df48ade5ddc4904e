/**
 * Key combinations as strings: modifiers in a fixed order, then the key, all lower case:
 * `mod+shift+z`, `shift+tab`, `arrowleft`, `space`, `?`, `p`. `mod` is Ctrl, or Cmd on a Mac.
 * A printable key without Ctrl/Alt ignores Shift, so `?` is `?` whatever the layout needs to
 * type it, and a label hotkey works with Caps Lock on.
 */

/** The parts of a KeyboardEvent a combination depends on (plain objects in tests). */
export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const MODIFIER_KEYS = new Set(['control', 'meta', 'alt', 'shift', 'altgraph', 'capslock']);

export function comboOf(e: KeyLike): string | null {
  const mod = e.ctrlKey || e.metaKey;
  let key = e.key === ' ' ? 'space' : e.key.toLowerCase();
  if (MODIFIER_KEYS.has(key)) return null;
  // Alt on a Mac composes characters (Alt+A types "å"): read the physical key instead.
  if (e.altKey && e.code && /^Key[A-Z]$/.test(e.code)) key = e.code.slice(3).toLowerCase();
  const printable = key.length === 1;
  if (printable && !mod && !e.altKey) return key;
  return [mod && 'mod', e.altKey && 'alt', e.shiftKey && 'shift', key].filter(Boolean).join('+');
}

const NAMES: Record<string, [pc: string, mac: string]> = {
  mod: ['Ctrl', '⌘'],
  alt: ['Alt', '⌥'],
  shift: ['Shift', '⇧'],
  enter: ['Enter', '↩'],
  escape: ['Esc', 'Esc'],
  space: ['Space', 'Space'],
  tab: ['Tab', 'Tab'],
  delete: ['Del', 'Del'],
  backspace: ['Backspace', '⌫'],
  arrowleft: ['←', '←'],
  arrowright: ['→', '→'],
  arrowup: ['↑', '↑'],
  arrowdown: ['↓', '↓'],
  home: ['Home', 'Home'],
  end: ['End', 'End'],
};

/** Splits `mod+shift++` style strings: the last part may itself be "+". */
export function comboParts(combo: string): string[] {
  if (combo === '+') return ['+'];
  const parts = combo.split('+');
  if (combo.endsWith('++')) return [...parts.slice(0, -2), '+'];
  return parts;
}

/** How a combination is shown in titles and the help overlay: "Ctrl+Shift+Z", "⌘↩", "p". */
export function formatCombo(combo: string, mac = false): string {
  // A bare letter key is shown as typed: a lower-case "o" cannot be misread as zero.
  if (combo.length === 1) return combo;
  const shown = comboParts(combo).map((p) => NAMES[p]?.[mac ? 1 : 0] ?? p.toUpperCase());
  return shown.join(mac ? '' : '+');
}

export function isMac(): boolean {
  return (
    typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
  );
}
