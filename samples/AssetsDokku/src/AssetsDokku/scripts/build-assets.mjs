// Bundles client/ into wwwroot/: every client/*.js into one app.js (ES modules flattened into one
// script: `export` dropped, local `import` lines removed, main.js last), every client/*.css into
// app.css, comments and indentation stripped. Plain node, no npm dependencies, so it runs offline:
// on a developer's machine before `dotnet publish`, and in the Dockerfile's node stage.
import { readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "client");
const output = join(root, "wwwroot");

const files = (await readdir(source)).sort();
const scripts = files.filter((f) => f.endsWith(".js")).sort((a, b) => (a === "main.js") - (b === "main.js"));
const styles = files.filter((f) => f.endsWith(".css"));

const stripJs = (text) =>
  text
    .split("\n")
    .filter((line) => !/^\s*import\s.*from\s+["']\.\/.*["'];?\s*$/.test(line))
    .filter((line) => !/^\s*\/\//.test(line))
    .map((line) => line.trim().replace(/^export\s+/, ""))
    .filter((line) => line.length > 0)
    .join("\n");

const stripCss = (text) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\s*([{};:,])\s*/g, "$1")
    .replace(/\s+/g, " ")
    .trim();

const banner = (kind, names) => `/*! AssetsDokku ${kind} bundle, built by npm run build from ${names.join(", ")} */\n`;

const js = [];
for (const name of scripts) js.push(stripJs(await readFile(join(source, name), "utf8")));
const css = [];
for (const name of styles) css.push(stripCss(await readFile(join(source, name), "utf8")));

await mkdir(output, { recursive: true });
await writeFile(join(output, "app.js"), banner("script", scripts) + "(() => {\n" + js.join("\n") + "\n})();\n");
await writeFile(join(output, "app.css"), banner("style", styles) + css.join("\n") + "\n");
console.log(`built wwwroot/app.js (${scripts.length} files) and wwwroot/app.css (${styles.length} files)`);
