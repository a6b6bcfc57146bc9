// The 404 page a browser gets for a mistyped path: what happened and a way back, in the pages' own look.

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export function notFoundPage(path: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not found · codecam</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; }
  main { max-width: 28rem; padding: 2rem; text-align: center; }
  code { overflow-wrap: anywhere; }
  a { font-weight: 600; }
</style>
</head>
<body>
<main>
<h1>Page not found</h1>
<p>There is nothing at <code>${escapeHtml(path.slice(0, 200))}</code>.</p>
<p><a href="/">Back to codecam</a></p>
</main>
</body>
</html>
`;
}
