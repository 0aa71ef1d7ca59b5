/**
 * The graph preview's HTML: one script and one stylesheet from dist/, under a strict Content
 * Security Policy — nothing inline without the nonce, nothing remote, no inline handlers.
 * Pure (no vscode import), so tests can serve the very same page.
 */
import { randomBytes } from 'node:crypto';

export interface GraphHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

/** A fresh nonce for each load of the page. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; img-src ${cspSource} data:; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
}

export function graphHtml(o: GraphHtmlOptions): string {
  const csp = contentSecurityPolicy(o.cspSource, o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Weft pipeline graph</title>
<link rel="stylesheet" nonce="${attr(o.nonce)}" href="${attr(o.styleUri)}">
</head>
<body>
<main id="root"></main>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
