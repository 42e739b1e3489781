// Four phones in one headless Chromium: three pick their names, one joins
// as a newcomer and waits for the facilitator, and each rates the first
// three dimensions by tapping the scale's buttons; then one rating's
// answer comes late while another phone's brings news. Prints one line
// per step; exits 1 with the reason when a phone does not get as far.
//
//   node phones.mjs URL CHROMIUM
import { chromium } from "playwright-core";

const [url, executablePath] = process.argv.slice(2);
const phones = [
	{ pick: "Ana", scores: [2, 1, 5] },
	{ pick: "Bo", scores: [3, 2, 5] },
	{ pick: "Cy", scores: [4, 3, 4] },
	{ name: "Eve", scores: [5, 4, 4] },
];

function fail(why) {
	console.log(`phones: ${why}`);
	process.exit(1);
}

async function join(page, phone) {
	await page.goto(url);
	if (phone.pick) {
		await page.locator("form.names button", { hasText: phone.pick }).click();
	} else {
		await page.fill("#new", phone.name);
		await page.locator("form.new button").click();
		// The facilitator may let the newcomer in before this looks.
		await page.locator("p.wait, section.dim").first()
			.waitFor({ state: "attached", timeout: 30000 });
		console.log(`asked to join: ${phone.name}`);
	}
	// Let in, the page follows the projector to the first dimension.
	await page.locator("section.dim").first().waitFor({ state: "attached", timeout: 30000 })
		.catch(async () => fail(`${phone.pick || phone.name} was not let in: ` +
			(await page.content()).replace(/\s+/g, " ").slice(0, 300)));
	console.log(`joined: ${phone.pick || phone.name}`);
}

async function rate(page, phone) {
	const who = phone.pick || phone.name;
	for (let d = 0; d < phone.scores.length; d++) {
		const section = page.locator(`section#d${d + 1}`);
		await section.locator(".scale button", { hasText: String(phone.scores[d]) })
			.first().click();
		// Attached, not visible: the page moves on to the next dimension
		// 0.6 s after "saved", which a busy machine's polling can miss.
		await section.locator(".saved", { hasText: "saved" })
			.waitFor({ state: "attached", timeout: 10000 });
		console.log(`${who}: ${phone.scores[d]} on dimension ${d + 1}, saved`);
		await page.locator(`section#d${d + 2}:not(.hidden)`).waitFor({ timeout: 10000 });
	}
}

// Before the reveal a phone's answers hold its own ratings only.
async function holdsOnlyItsOwn(page, phone) {
	const text = await page.evaluate(async () => {
		const r = await fetch("state", { headers: { Accept: "application/json" } });
		return r.text();
	});
	const state = JSON.parse(text);
	const mine = state.dimensions.slice(0, 3).map((d) => d.mine);
	if (JSON.stringify(mine) !== JSON.stringify(phone.scores))
		fail(`${phone.pick || phone.name} sees ${JSON.stringify(mine)} as its own`);
	for (const other of phones)
		if (other !== phone && text.includes(`"${other.pick || other.name}"`))
			fail(`${phone.pick || phone.name} is sent ${other.pick || other.name}'s name`);
	if (/"scores"|"mean"/.test(text))
		fail(`${phone.pick || phone.name} is sent the room's scores`);
}

// Ana rates the fourth dimension and the rating is saved, but its answer
// is held back on the way to her phone, so that the room's news of the
// change (her page waits for news all the time) comes first: the page
// must not reload under her rating, and once the answer comes it goes on
// to the fifth dimension, her rating shown as hers.
async function lateAnswer(ana) {
	let release;
	const held = new Promise((resolve) => { release = resolve; });
	await ana.route("**/rate", async (route) => {
		const response = await route.fetch();
		await held;
		await route.fulfill({ response });
	});
	await ana.locator("section#d4 .scale button", { hasText: "3" }).first().click();
	await ana.waitForTimeout(2500);         // the news has reached her page
	if (!(await ana.locator("section#d4:not(.hidden)").count()))
		fail("Ana's page left her rating before its answer came");
	release();
	await ana.locator("section#d4 .saved", { hasText: "saved" })
		.waitFor({ state: "attached", timeout: 10000 });
	await ana.locator("section#d5:not(.hidden)").waitFor({ timeout: 10000 });
	await ana.unroute("**/rate");
	await ana.locator("section#d4 button.mine", { hasText: "3" })
		.waitFor({ state: "attached", timeout: 10000 });
	console.log("a late answer: Ana's page waited for it, then went on to dimension 5");
}

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
try {
	const pages = [];
	for (const phone of phones) {
		const context = await browser.newContext({
			viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
		});
		pages.push(await context.newPage());
	}
	await Promise.all(phones.map((p, i) => join(pages[i], p)));
	console.log("joined: 4 phones");
	await Promise.all(phones.map((p, i) => rate(pages[i], p)));
	for (let i = 0; i < phones.length; i++)
		await holdsOnlyItsOwn(pages[i], phones[i]);
	console.log("private: each phone holds its own ratings only");
	await lateAnswer(pages[0]);
} catch (e) {
	fail(e.message.split("\n")[0]);
} finally {
	await browser.close();
}
