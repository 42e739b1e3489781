// The HTML reports in a real headless Chromium, offline: each page is
// opened with every request refused and recorded, and must make none and
// log no error; each picture is read back through the page (an SVG with
// role="img", a title and a description); a screenshot is saved. With
// "pages", the pages Chromium printed (pdftoppm's PPM files) are checked
// instead: every picture is ruled above and below in print, in two
// colours, and a page holding the rule above a picture must hold the rule
// below it too.
//
//   node report.mjs shots CHROMIUM OUTDIR NAME=FILE:PICTURES...
//   node report.mjs pages NAME FIGURES PAGE.ppm...
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";

function fail(why) {
	console.log(`report: ${why}`);
	process.exit(1);
}

async function shots(executablePath, outdir, specs) {
	const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
	for (const spec of specs) {
		const [name, rest] = spec.split("=");
		const [file, pictures] = rest.split(":");
		const context = await browser.newContext({ viewport: { width: 900, height: 1200 } });
		await context.setOffline(true);
		const requests = [], errors = [];
		await context.route("**/*", (route) => {
			const url = route.request().url();
			if (url === "file://" + file) return route.continue();
			requests.push(url);
			return route.abort();
		});
		const page = await context.newPage();
		page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
		page.on("pageerror", (e) => errors.push(String(e)));
		page.on("requestfailed", (r) => {
			if (r.url() !== "file://" + file) requests.push(r.url());
		});
		await page.goto("file://" + file);
		const charts = await page.$$eval("svg[role=img]", (svgs) => svgs.map((s) => ({
			title: s.querySelector("title")?.textContent ?? "",
			desc: s.querySelector("desc")?.textContent ?? "",
			shapes: s.querySelectorAll("rect, circle, polygon, polyline, line").length,
			labelled: s.getAttribute("aria-labelledby") ?? "",
		})));
		if (requests.length) fail(`${name}: made requests: ${requests.join(" ")}`);
		if (errors.length) fail(`${name}: console errors: ${errors.join(" | ")}`);
		if (charts.length !== Number(pictures))
			fail(`${name}: ${charts.length} pictures, wanted ${pictures}`);
		for (const c of charts)
			if (!c.title || !c.desc || c.shapes === 0 || !c.labelled)
				fail(`${name}: a picture without its title, description or shapes: ` +
					JSON.stringify(c));
		const widest = await page.evaluate(() => document.documentElement.scrollWidth);
		if (widest > 900) fail(`${name}: the page is ${widest}px wide in a 900px window`);
		await page.screenshot({ path: `${outdir}/${name}.png`, fullPage: true });
		console.log(`${name}: no request, no error, ${charts.length} pictures: ` +
			charts.map((c) => c.title).join(" · "));
		await context.close();
	}
	await browser.close();
}

// A PPM (P6) file: width, height and the RGB bytes.
function readPpm(path) {
	const data = readFileSync(path);
	const header = data.toString("latin1", 0, 64).match(/^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/);
	if (!header) fail(`${path} is not a PPM file`);
	return { width: +header[1], height: +header[2], rgb: data.subarray(header[0].length) };
}

const RULES = { above: [26, 79, 138], below: [138, 26, 26] };

// Which rule a pixel row is, or null: a row is a rule when more than half
// of the page's width is one run of the rule's colour.
function ruleAt(page, y) {
	for (const [kind, [r, g, b]] of Object.entries(RULES)) {
		let run = 0;
		for (let x = 0; x < page.width; x++) {
			const i = 3 * (y * page.width + x);
			const near = Math.abs(page.rgb[i] - r) + Math.abs(page.rgb[i + 1] - g) +
				Math.abs(page.rgb[i + 2] - b) < 60;
			run = near ? run + 1 : 0;
			if (run > page.width / 2) return kind;
		}
	}
	return null;
}

// The rules on a page, top to bottom; the rows of one rule count once.
function rulesOf(page) {
	const found = [];
	let before = null;
	for (let y = 0; y < page.height; y++) {
		const kind = ruleAt(page, y);
		if (kind && kind !== before) found.push(kind);
		before = kind;
	}
	return found;
}

function pages(name, figures, files) {
	let above = 0;
	files.forEach((file, n) => {
		const rules = rulesOf(readPpm(file));
		rules.forEach((rule, k) => {
			const want = k % 2 === 0 ? "above" : "below";
			if (rule !== want)
				fail(`${name}: page ${n + 1}: a picture cut by the page break ` +
					`(rules: ${rules.join(" ")})`);
		});
		if (rules.length % 2) fail(`${name}: page ${n + 1}: a picture runs on to the next page`);
		above += rules.length / 2;
	});
	if (above !== Number(figures))
		fail(`${name}: ${above} whole pictures on ${files.length} pages, wanted ${figures}`);
	console.log(`${name}: ${files.length} pages, ${above} pictures, none cut`);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "shots") await shots(args[0], args[1], args.slice(2));
else if (mode === "pages") pages(args[0], args[1], args.slice(2));
else fail(`no mode "${mode}"`);
