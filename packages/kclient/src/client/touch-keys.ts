import { MODIFIER_KEYS, type Modifier, StickyModifiers } from './sticky-modifiers.ts';

/** The keys of the row that type once: what the button shows, its name, X keysym and DOM code. */
const KEYS: readonly { label: string; name: string; keysym: number; code: string }[] = [
  { label: 'Esc', name: 'Escape', keysym: 0xff1b, code: 'Escape' },
  { label: 'Tab', name: 'Tab', keysym: 0xff09, code: 'Tab' },
  { label: '←', name: 'Left arrow', keysym: 0xff51, code: 'ArrowLeft' },
  { label: '↑', name: 'Up arrow', keysym: 0xff52, code: 'ArrowUp' },
  { label: '↓', name: 'Down arrow', keysym: 0xff54, code: 'ArrowDown' },
  { label: '→', name: 'Right arrow', keysym: 0xff53, code: 'ArrowRight' },
];

const MODIFIER_LABELS: Readonly<Record<Modifier, string>> = { Control: 'Ctrl', Alt: 'Alt', Super: 'Super' };

/** What the touch key row asks of the page. */
export interface TouchKeysActions {
  /** Presses (`down`) or releases a key on the desktop. */
  sendKey(keysym: number, code: string, down: boolean): void;
  /** Opens the on-screen keyboard, or closes it when it is open. */
  toggleKeyboard(): void;
}

/** The row's side of the keys typed elsewhere. */
export interface TouchKeys {
  /** A key that is not a modifier was typed: lets go of the latched modifiers. */
  afterKey(): void;
  /** A new connection: nothing is pressed on it, so the latches are dropped unreleased. */
  forget(): void;
}

/**
 * The row of keys a phone or tablet keyboard lacks, for touch screens: a
 * button that opens the on-screen keyboard, Ctrl, Alt and Super as sticky
 * modifiers (sticky-modifiers.ts), Esc, Tab and the arrows. Tapping a key
 * leaves keyboard focus where it was, so an open on-screen keyboard stays
 * open. Latched modifiers are let go when the window loses focus, as held
 * keys are.
 */
export function mountTouchKeys(root: HTMLElement, actions: TouchKeysActions): TouchKeys {
  const sticky = new StickyModifiers();
  const modifierButtons = new Map<Modifier, HTMLButtonElement>();
  const apply = (changes: readonly { modifier: Modifier; down: boolean }[]) => {
    for (const { modifier, down } of changes) {
      const { keysym, code } = MODIFIER_KEYS[modifier];
      actions.sendKey(keysym, code, down);
      modifierButtons.get(modifier)?.setAttribute('aria-pressed', String(down));
    }
  };
  const afterKey = () => apply(sticky.releaseAll());

  const keyboard = key('⌨', 'Show or hide the on-screen keyboard', () => actions.toggleKeyboard());
  keyboard.id = 'touch-keyboard';
  root.append(keyboard);
  for (const modifier of Object.keys(MODIFIER_KEYS) as Modifier[]) {
    const button = key(MODIFIER_LABELS[modifier], `${modifier} (held for the next key)`, () =>
      apply([sticky.tap(modifier)]),
    );
    button.dataset.key = modifier;
    button.setAttribute('aria-pressed', 'false');
    modifierButtons.set(modifier, button);
    root.append(button);
  }
  for (const { label, name, keysym, code } of KEYS) {
    const button = key(label, name, () => {
      actions.sendKey(keysym, code, true);
      actions.sendKey(keysym, code, false);
      afterKey();
    });
    button.dataset.key = code;
    root.append(button);
  }
  root.hidden = false;
  window.addEventListener('blur', afterKey);

  return {
    afterKey,
    forget() {
      sticky.forget();
      for (const button of modifierButtons.values()) button.setAttribute('aria-pressed', 'false');
    },
  };
}

function key(label: string, name: string, onTap: () => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.title = name;
  button.setAttribute('aria-label', name);
  // Focus stays in the text input: moving it would close the on-screen keyboard.
  button.addEventListener('pointerdown', (event) => event.preventDefault());
  button.addEventListener('mousedown', (event) => event.preventDefault());
  button.addEventListener('click', onTap);
  return button;
}
