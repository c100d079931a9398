// web/tools/strip_comments.mjs — drops comments and indentation from the widget's hand-written
// files as they are copied to the web root (web/CMakeLists.txt), so the bytes a host page pays
// for (issue 6's budget) are code, not prose. The sources in web/static/ keep their comments.
//
//   node web/tools/strip_comments.mjs <web root>      rewrites, in place under the web root:
//     seam-loader.js, widget/*.js, widget/*.css, widget/*.html
//
// Deliberately line-based, not a minifier: a line that is only a `//` comment goes, every line
// loses its leading white space, blank lines go; the remaining lines and their order stay, so
// automatic semicolon insertion and every string, regular expression and trailing comment are
// untouched. CSS loses its /* */ comments, HTML its <!-- --> comments. That is only unsafe
// inside a template literal (or element content) that spans lines, so such a file stops the
// build instead of being changed.
import fs from 'node:fs';
import path from 'node:path';

const root = process.argv[2];
if (!root) {
  console.error('usage: strip_comments.mjs <web root>');
  process.exit(2);
}

const lines = (text) => text.split('\n').map((l) => l.replace(/^[ \t]+|[ \t\r]+$/g, '')).filter((l) => l !== '');

function stripJs(text, name) {
  const out = lines(text).filter((l) => !l.startsWith('//'));
  out.forEach((l, i) => {   // an odd count of backticks: a template literal goes on to the next line
    const ticks = (l.replace(/\\`/g, '').replace(/\/\/.*$/, '').match(/`/g) || []).length;
    if (ticks % 2) throw new Error(`${name}:${i + 1}: a template literal spans lines; keep it on one`);
    if (l.endsWith('\\')) throw new Error(`${name}:${i + 1}: a string continued on the next line`);
  });
  return out.join('\n') + '\n';
}

function stripCss(text, name) {
  if (/["'][^"'\n]*\/\*/.test(text)) throw new Error(`${name}: "/*" inside a string`);
  return lines(text.replace(/\/\*[\s\S]*?\*\//g, '')).join('\n') + '\n';
}

function stripHtml(text, name) {
  if (/<(pre|textarea|script)\b[^>]*>[^<]/i.test(text)) throw new Error(`${name}: element content with significant lines`);
  return lines(text.replace(/<!--[\s\S]*?-->/g, '')).join('\n') + '\n';
}

const kinds = { '.js': stripJs, '.css': stripCss, '.html': stripHtml };
const files = ['seam-loader.js', ...fs.readdirSync(path.join(root, 'widget')).map((f) => `widget/${f}`)];
let before = 0;
let after = 0;
try {
  for (const f of files) {
    const strip = kinds[path.extname(f)];
    const full = path.join(root, f);
    if (!strip || !fs.statSync(full).isFile()) continue;
    const text = fs.readFileSync(full, 'utf8');
    const out = strip(text, f);
    before += Buffer.byteLength(text);
    after += Buffer.byteLength(out);
    if (out !== text) fs.writeFileSync(full, out);
  }
} catch (err) {
  console.error(`strip_comments: ${err.message}`);
  process.exit(1);
}
console.log(`strip_comments: ${before} -> ${after} bytes`);
