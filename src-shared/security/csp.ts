/**
 * The renderer's Content-Security-Policy, sent as a response header by whoever serves the page
 * (the `app://` protocol in Electron, the harness server in tests). Not a <meta> tag: a meta
 * policy would be intersected with the header and block the harness's WebSocket.
 * `connectSrc` is 'none' in production: the renderer does no networking (docs/architecture.md §7).
 */
export function buildCsp(
  options: { connectSrc?: readonly string[]; devServer?: string } = {},
): string {
  const connect =
    options.connectSrc && options.connectSrc.length > 0 ? options.connectSrc.join(' ') : "'none'"
  const dev = options.devServer ? ` ${options.devServer}` : ''
  return [
    "default-src 'none'",
    `script-src 'self'${dev}`,
    // React sets style attributes; no external stylesheets are loaded.
    `style-src 'self' 'unsafe-inline'${dev}`,
    `img-src 'self' thumb: data:`,
    `font-src 'self'`,
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ')
}
