// Phones in a secret dots ballot: each sets its dots with the page's
// number fields, sees the dots left, and casts; one leaves a dot unused
// and must confirm. Prints a line per phone; exits 1 with the reason when
// a phone does not get as far.
//
//   node ballot.mjs URL CHROMIUM NAME=d0,d1,d2 ...
import { chromium } from "playwright-core";

const [url, executablePath, ...plans] = process.argv.slice(2);

function fail(why) {
	console.log(`ballot: ${why}`);
	process.exit(1);
}

async function vote(browser, plan) {
	const [name, list] = plan.split("=");
	const dots = list.split(",").map(Number);
	const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const page = await context.newPage();
	await page.goto(url);
	await page.locator("form.names button", { hasText: name }).click();
	// The page's script has run once the dots left are shown.
	await page.locator("form.ballot .left", { hasText: "left" }).waitFor({ timeout: 15000 });
	for (let c = 0; c < dots.length; c++)
		await page.fill(`#c${c}`, String(dots[c]));
	const spent = dots.reduce((a, b) => a + b, 0);
	const want = `${3 - spent} dot`;
	try {
		await page.locator("form.ballot .left", { hasText: want }).waitFor({ timeout: 5000 });
	} catch (e) {
		const left = await page.locator("form.ballot .left").textContent();
		const values = await page.$$eval("form.ballot input[name^=c]",
			(inputs) => inputs.map((i) => i.value).join(","));
		fail(`${name} sees "${left}" with ${spent} of 3 dots spent (fields: ${values})`);
	}
	let asked = "";
	page.once("dialog", async (d) => { asked = d.message(); await d.accept(); });
	await page.locator("button.cast").click();
	await page.locator("h1", { hasText: "Your ballot is cast" }).waitFor({ timeout: 15000 });
	if (spent < 3 && !/dots? left/.test(asked))
		fail(`${name} cast with dots unused and was not asked`);
	console.log(`${name}: cast ${dots.join(",")}${asked ? ` after "${asked}"` : ""}`);
	await context.close();
}

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
try {
	// A phone that did not get as far as casting tries once more, as a
	// person would, and the log says so; a second failure fails the test.
	for (const plan of plans) {
		try {
			await vote(browser, plan);
		} catch (e) {
			console.log(`retry ${plan.split("=")[0]}: ${e.message.split("\n")[0]}`);
			await vote(browser, plan);
		}
	}
} catch (e) {
	fail(e.message.split("\n")[0]);
} finally {
	await browser.close();
}
