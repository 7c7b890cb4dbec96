/**
 * Control characters a terminal would act on: C0 (with ESC, which starts every escape sequence),
 * DEL, C1 (U+0080-U+009F, e.g. the one-character CSI U+009B), and the bidi overrides and isolates
 * that make a name display in a different order than it is spelt.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' }

function escapeOne(char: string): string {
  const named = NAMED[char]
  if (named !== undefined) return named
  const code = char.charCodeAt(0)
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`
}

/**
 * Text from outside (file names, paths, URLs, QR contents, messages quoting them) made safe to
 * print: every control character is shown as `\x1b`, `\n`, `\u009b`..., so a name can neither
 * clear the screen, retitle the window, nor fake a line of output. Backslashes stay as they are:
 * Windows paths are full of them.
 */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, escapeOne)
}

/** Writes one line of output, escaped: the only newline is the one that ends it. */
export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${terminalSafe(text)}\n`)
}

/** Several lines (commander's own messages): each escaped, the line breaks kept. */
export function terminalSafeLines(text: string): string {
  return text.split('\n').map(terminalSafe).join('\n')
}
