import type RFB from '@novnc/novnc';
import { KeyPacer } from './key-pacing.ts';
import { keysymsForEdit, keysymsForText, keysymsForTextKey } from './text-keysyms.ts';

/** The noVNC 1.7 internals this relies on (the version is pinned in the workspace catalog). */
interface NoVncKeyboardInternals {
  _keyboard?: { _target: EventTarget | null; _allKeysUp?: () => void };
}

/**
 * Tapped once per connection. The first key event an X server gets from
 * Xvnc's keyboard makes the server copy that device's keymap over the core
 * keyboard's, undoing the keysym Xvnc added for that very key (TigerVNC
 * 1.12): a first 日 or é arrived as the character after it. A Shift tap,
 * which types nothing, takes that first place.
 */
const XK_SHIFT_L = 0xffe1;

/** Room the composition overlay needs (style.css: 16em wide, 1.6em high, at 14px). */
const OVERLAY_WIDTH_PX = 240;
const OVERLAY_HEIGHT_PX = 32;
/** The overlay sits this far below the pointer, so it does not hide where the text goes. */
const OVERLAY_OFFSET_PX = 16;

/** Keys that modify or prepare the next key rather than type: a latched modifier waits past them. */
const NOT_TYPING: ReadonlySet<string> = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'CapsLock',
  'NumLock',
  'Dead',
]);

/** Settings of a {@link TextInput}. */
export interface TextInputOptions {
  /** Called after a key that types (not a modifier) or a piece of text reached the desktop. */
  readonly onKeyTyped?: () => void;
}

/** Key events that belong to text entry (an IME, a phone keyboard), not to one key. */
function isTextEntryKey(event: KeyboardEvent): boolean {
  return event.isComposing || event.keyCode === 229 || event.key === 'Process';
}

/**
 * Keyboard focus for the desktop: a transparent textarea instead of noVNC's
 * canvas. A canvas cannot be edited, so browsers never start an input method
 * on it and drop inserted text; on this textarea, ordinary keys still go to
 * noVNC (its keyboard listens here and keeps them out of the textarea), while
 * compositions (CJK input methods), inserted text (emoji pickers, dictation,
 * password managers) and phones' on-screen keyboards end as committed text,
 * typed into the desktop character by character. A composition in progress
 * shows in the textarea itself, next to where the pointer last went down, and
 * nothing of it is sent until it is committed.
 */
export class TextInput {
  readonly element: HTMLTextAreaElement;
  #rfb: RFB | undefined;
  /** Inserted text goes out in bursts Xvnc's spare keycodes can follow (key-pacing.ts). */
  readonly #pacer = new KeyPacer((keysym) => this.#sendKey?.(keysym, null));
  /** The attached RFB's own sendKey, before {@link attach} routed it through the pacer. */
  #sendKey: RFB['sendKey'] | undefined;
  /** Text a compositionend just typed, in case the browser repeats it as an input event. */
  #committed: string | undefined;
  readonly #onKeyTyped: () => void;

  constructor(screen: HTMLElement, options: TextInputOptions = {}) {
    this.#onKeyTyped = options.onKeyTyped ?? (() => {});
    const element = document.createElement('textarea');
    element.id = 'text-input';
    element.setAttribute('aria-label', 'Keyboard input for the remote desktop');
    for (const [name, value] of Object.entries({
      autocapitalize: 'off',
      autocomplete: 'off',
      autocorrect: 'off',
      spellcheck: 'false',
    })) {
      element.setAttribute(name, value);
    }
    this.element = element;
    document.body.append(element);

    // Capture runs before noVNC's own listener on the same element.
    const holdBack = (event: KeyboardEvent) => {
      if (isTextEntryKey(event)) event.stopImmediatePropagation();
    };
    element.addEventListener(
      'keydown',
      (event) => {
        // A key noVNC cannot type (😀 or 👍🏽 on a custom layout): typed here, noVNC never sees it.
        const keysyms = isTextEntryKey(event) ? undefined : keysymsForTextKey(event.key);
        if (keysyms === undefined) {
          holdBack(event);
          return;
        }
        event.stopImmediatePropagation();
        event.preventDefault();
        this.#press(keysyms);
      },
      { capture: true },
    );
    element.addEventListener('keyup', holdBack, { capture: true });
    element.addEventListener('keyup', (event) => {
      if (!NOT_TYPING.has(event.key)) this.#onKeyTyped();
    });
    element.addEventListener('compositionstart', () => element.classList.add('composing'));
    element.addEventListener('compositionend', (event) => {
      element.classList.remove('composing');
      this.#committed = event.data;
      // A repeat comes with the same event; a later equal insertion is the user's.
      setTimeout(() => {
        this.#committed = undefined;
      });
      this.type(event.data);
      element.value = '';
    });
    element.addEventListener('beforeinput', (event) => this.#onBeforeInput(event));
    element.addEventListener('input', (event) => this.#onInput(event as InputEvent));
    // noVNC lets keys go when the window loses focus, not when focus moves
    // within the page (to the controls): a key released there would stay down.
    element.addEventListener('blur', () => this.#keyboard()?._allKeysUp?.());

    // noVNC keeps the pointer's mousedown from moving focus; move it here.
    // Not for a finger: focus would open the on-screen keyboard at every
    // tap; the touch key row's keyboard button opens it (touch-keys.ts).
    screen.addEventListener('pointerdown', (event) => {
      const left = Math.min(event.clientX, window.innerWidth - OVERLAY_WIDTH_PX);
      const top = Math.min(event.clientY + OVERLAY_OFFSET_PX, window.innerHeight - OVERLAY_HEIGHT_PX);
      element.style.left = `${Math.max(0, left)}px`;
      element.style.top = `${Math.max(0, top)}px`;
      if (event.pointerType !== 'touch') this.focus();
    });
  }

  /**
   * Points noVNC's keyboard at the textarea. Call with each new RFB object,
   * before it connects (it starts listening when it does).
   * @returns false, changing nothing, when this noVNC lacks the internal.
   */
  attach(rfb: RFB): boolean {
    this.#rfb = rfb;
    this.#pacer.clear();
    // noVNC's keyboard calls rfb.sendKey too: its keys queue behind paced text.
    const sendKey = rfb.sendKey.bind(rfb);
    this.#sendKey = sendKey;
    rfb.sendKey = (keysym, code, down) => this.#pacer.inOrder(() => sendKey(keysym, code, down));
    rfb.addEventListener('connect', () => rfb.sendKey(XK_SHIFT_L, null));
    const keyboard = this.#keyboard();
    if (keyboard === undefined || !('_target' in keyboard)) return false;
    keyboard._target = this.element;
    return true;
  }

  focus(): void {
    this.element.focus({ preventScroll: true });
  }

  /** Focuses the text input (a phone opens its on-screen keyboard), or blurs it when focused. */
  toggleKeyboard(): void {
    if (document.activeElement === this.element) this.element.blur();
    else this.focus();
  }

  /** Types `text` into the desktop as key presses. */
  type(text: string): void {
    this.#press(keysymsForText(text));
  }

  #keyboard(): NoVncKeyboardInternals['_keyboard'] {
    return (this.#rfb as unknown as NoVncKeyboardInternals | undefined)?._keyboard;
  }

  #press(keysyms: readonly number[]): void {
    if (keysyms.length === 0) return;
    this.#pacer.press(keysyms);
    this.#onKeyTyped();
  }

  /**
   * Deletions, here rather than on input: the textarea is kept empty, and
   * an empty field has nothing to delete, so no input event would follow a
   * phone keyboard's backspace.
   */
  #onBeforeInput(event: InputEvent): void {
    if (event.isComposing || !event.inputType.startsWith('delete')) return;
    const keysyms = keysymsForEdit(event.inputType, null);
    if (keysyms.length === 0) return;
    event.preventDefault();
    this.#press(keysyms);
  }

  #onInput(event: InputEvent): void {
    if (event.isComposing) return;
    const committed = this.#committed;
    this.#committed = undefined;
    // Some browsers repeat a composition's result as a plain insertion.
    if (event.data !== committed) {
      this.#press(keysymsForEdit(event.inputType, event.data ?? this.element.value));
    }
    this.element.value = '';
  }
}
