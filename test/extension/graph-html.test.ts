/** The preview's page and its Content Security Policy, and the message check on the page's side. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, graphHtml, makeNonce } from '../../extension/graph-html';
import { readGraphMessage } from '../../webview/messages';

describe('graph preview page', () => {
  const html = graphHtml({ cspSource: 'https://x.vscode-cdn.net', nonce: 'N0nce', scriptUri: 'https://x.vscode-cdn.net/dist/webview.js', styleUri: 'https://x.vscode-cdn.net/dist/webview.css' });

  it('has a strict CSP: nothing by default, scripts only with the nonce, nothing remote', () => {
    assert.equal(
      contentSecurityPolicy('https://x.vscode-cdn.net', 'N0nce'),
      "default-src 'none'; img-src https://x.vscode-cdn.net data:; style-src https://x.vscode-cdn.net 'nonce-N0nce'; script-src 'nonce-N0nce';",
    );
    assert.ok(html.includes(`content="default-src 'none'; img-src https://x.vscode-cdn.net data:; style-src https://x.vscode-cdn.net 'nonce-N0nce'; script-src 'nonce-N0nce';"`));
    assert.ok(!/unsafe-(inline|eval)/.test(html));
  });

  it('loads one script and one stylesheet from the given URIs, with no inline code or handlers', () => {
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, ['<script nonce="N0nce" src="https://x.vscode-cdn.net/dist/webview.js">']);
    assert.match(html, /<script[^>]*><\/script>/, 'the script element is empty');
    assert.ok(html.includes('<link rel="stylesheet" nonce="N0nce" href="https://x.vscode-cdn.net/dist/webview.css">'));
    assert.ok(!/\son[a-z]+=/i.test(html), 'no inline event handlers');
    assert.ok(!/<style/i.test(html));
    const urls = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    for (const u of urls) assert.ok(u!.startsWith('https://x.vscode-cdn.net/dist/'), u);
  });

  it('escapes attribute values', () => {
    const page = graphHtml({ cspSource: 'a', nonce: 'n', scriptUri: 'x"><script>alert(1)</script>', styleUri: 's' });
    assert.ok(!page.includes('"><script>alert'));
  });

  it('makes a fresh, unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, makeNonce));
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9+/]{24}$/);
  });

  it('accepts only well-formed graph messages on the page side', () => {
    assert.equal(readGraphMessage({ type: 'other' }), undefined);
    assert.equal(readGraphMessage('graph'), undefined);
    assert.equal(readGraphMessage({ type: 'graph', graph: { nodes: 'x', edges: [] } }), undefined);
    assert.deepEqual(readGraphMessage({ type: 'graph', graph: null, title: 't' }), { type: 'graph', graph: null, title: 't' });
    const m = readGraphMessage({
      type: 'graph',
      graph: {
        version: 3,
        nodes: [{ id: 'a', section: 'tasks', type: 'shell', line: 4 }, { id: 7, section: 'tasks', type: null, line: 1 }, { id: 'b', section: 'tasks', type: null, line: 1.5 }],
        edges: [{ from: 'a', to: 'a', kind: 'needs' }, { from: 'a', to: 'b', kind: 'weird' }],
        cycles: [['a', 'a'], [1]],
        diagnostics: { errors: 1 },
      },
    });
    assert.deepEqual(m?.graph, {
      version: 3,
      nodes: [{ id: 'a', section: 'tasks', type: 'shell', line: 4 }],
      edges: [{ from: 'a', to: 'a', kind: 'needs' }],
      cycles: [['a', 'a']],
      diagnostics: { errors: 1, warnings: 0 },
    });
  });
});
