// Self-hosted GraphiQL IDE: an HTML page plus an allow-list of browser assets taken from
// node_modules, so the IDE works on networks without internet access and under a strict CSP.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import express from 'express';

export interface IdeOptions {
  /** Same-origin path of the GraphQL endpoint, e.g. '/graphql'. */
  graphqlPath: string;
  title?: string;
}

interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

// The IDE must be usable without editing anything, so it opens with a query against the main list.
const DEFAULT_QUERY = `query Notices {
  grantNotices(first: 10) {
    totalCount
    edges {
      node {
        id
        reference
        noticeDate
        approvedAmount
        recipient {
          name
          ags
        }
      }
    }
  }
}
`;

const DEFAULT_HEADERS = `${JSON.stringify({ Authorization: 'Bearer <token>' }, null, 2)}\n`;

// Served as a file rather than inlined so that the page needs no 'unsafe-inline' script source.
// The GraphQL path arrives through a data- attribute because the script itself is shared by all pages.
const CLIENT_SCRIPT = `'use strict';
(function () {
  var root = document.getElementById('graphiql');
  var fetcher = GraphiQL.createFetcher({
    url: new URL(root.dataset.graphqlPath, location.href).href,
    // Apollo Server's CSRF prevention rejects requests that a plain HTML form could have sent.
    headers: { 'apollo-require-preflight': 'true' },
  });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
      defaultHeaders: ${JSON.stringify(DEFAULT_HEADERS)},
      shouldPersistHeaders: true,
    }),
  );
})();
`;

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
].join('; ');

// Order matters: the page loads scripts in this order and GraphiQL expects the React globals.
const SCRIPTS = ['react.production.min.js', 'react-dom.production.min.js', 'graphiql.min.js', 'ide.js'];
const STYLESHEETS = ['graphiql.min.css'];

const require = createRequire(import.meta.url);

// react and react-dom declare an "exports" map without their umd/ files, so those cannot be
// resolved directly; their package.json is exported and locates the package directory.
function packageFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

function makeAsset(body: Buffer, contentType: string): Asset {
  return { body, contentType, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"` };
}

// Read once when the router is built: a missing package fails at start-up instead of on first use.
function loadAssets(): Map<string, Asset> {
  const files: [string, string, string][] = [
    ['react.production.min.js', packageFile('react', 'umd/react.production.min.js'), JS],
    ['react-dom.production.min.js', packageFile('react-dom', 'umd/react-dom.production.min.js'), JS],
    ['graphiql.min.js', packageFile('graphiql', 'graphiql.min.js'), JS],
    ['graphiql.min.css', packageFile('graphiql', 'graphiql.min.css'), CSS],
  ];
  const assets = new Map<string, Asset>();
  for (const [name, file, contentType] of files) {
    assets.set(name, makeAsset(readFileSync(file), contentType));
  }
  assets.set('ide.js', makeAsset(Buffer.from(CLIENT_SCRIPT, 'utf8'), JS));
  return assets;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderPage(baseUrl: string, graphqlPath: string, title: string, assets: Map<string, Asset>): string {
  // The version parameter changes with the file content, which makes the long cache lifetime safe.
  const assetUrl = (name: string): string => escapeHtml(`${baseUrl}/ide/assets/${name}?v=${assets.get(name)?.etag.slice(1, 13) ?? ''}`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${STYLESHEETS.map((name) => `<link rel="stylesheet" href="${assetUrl(name)}">`).join('\n')}
<style>body { margin: 0; } #graphiql { height: 100vh; }</style>
</head>
<body>
<div id="graphiql" data-graphql-path="${escapeHtml(graphqlPath)}"></div>
${SCRIPTS.map((name) => `<script src="${assetUrl(name)}"></script>`).join('\n')}
</body>
</html>
`;
}

export function ideRouter(options: IdeOptions): express.Router {
  const { graphqlPath, title = 'GraphQL IDE' } = options;
  const assets = loadAssets();
  const router = express.Router();

  router.get('/ide', (req, res) => {
    res
      .status(200)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      })
      // baseUrl keeps the asset links correct when the router is mounted below a prefix.
      .send(renderPage(req.baseUrl, graphqlPath, title, assets));
  });

  router.get('/ide/assets/:file', (req, res) => {
    const asset = assets.get(req.params.file);
    if (!asset) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    // Setting the ETag up front stops express from hashing the multi-megabyte body per request.
    res
      .set({
        'Content-Type': asset.contentType,
        'Cache-Control': 'public, max-age=31536000, immutable',
        'X-Content-Type-Options': 'nosniff',
        ETag: asset.etag,
      })
      .send(asset.body);
  });

  return router;
}
