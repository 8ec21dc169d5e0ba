import { type DesktopContainer, docker } from './container.ts';

/**
 * A terminal on the desktop that writes down what is typed into it: the
 * keyboard tests (one file per browser) read each typed line back from a
 * file, so they see the text the desktop's own program received.
 */

/** The desktop user the keyboard tests log in as. */
export const typingUser = { name: 'ada', uid: 1234, gid: 2345 };
/** Where the terminal window sits on the X screen (= the page, at device pixel ratio 1). */
export const terminal = { x: 100, y: 100, clickX: 400, clickY: 220 };
const typedFile = '/tmp/typed.txt';
export const interruptsFile = '/tmp/interrupts.txt';

/** Runs `script` as the desktop user on the session's display. */
export function inSession(container: DesktopContainer, script: string): Promise<string> {
  return docker(
    'exec',
    '-u',
    String(typingUser.uid),
    container.name,
    'sh',
    '-c',
    `export DISPLAY=:1; ${script}`,
  );
}

/** Lines the terminal's program has written so far (complete lines only). */
export async function typedLines(container: DesktopContainer): Promise<string[]> {
  const text = await docker('exec', container.name, 'sh', '-c', `cat ${typedFile} 2>/dev/null; echo .`);
  return text.slice(0, -1).split('\n').slice(0, -1);
}

/** Polls `check` until it holds (expect.poll is for tests, not hooks). */
async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Opens xfce4-terminal at {@link terminal} running `cat`: each line typed is
 * written to {@link typedFile} once Enter is pressed; Ctrl+C ends one `cat`
 * (its exit status logged to {@link interruptsFile}) and the next starts.
 * Returns once the window has had a moment to map; click it to focus it.
 */
export async function startTypingTerminal(container: DesktopContainer): Promise<void> {
  const program = `trap : INT; while :; do cat >> ${typedFile}; echo "$?" >> ${interruptsFile}; done`;
  await inSession(
    container,
    `(xfce4-terminal --disable-server --geometry 80x12+${terminal.x}+${terminal.y} -x sh -c '${program}' >/dev/null 2>&1 &)`,
  );
  await waitUntil(
    'cat runs in the terminal',
    20_000,
    async () => (await inSession(container, 'pgrep -x cat || true')) !== '',
  );
  // The window maps a moment after its program starts.
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
