// Four ballots of one workshop, each from five phones and the keyboard:
// dots, approval, ranked and impact/effort; in the first two Gus votes on
// the paper wall, whose count the facilitator adds on top. The phones stay joined, as in a
// room; each ballot's page comes to them when the facilitator opens it on
// the projector (improv in tmux, driven here). Before each reveal the
// projector shows who has voted and no total, and no phone is sent one;
// after it, every phone shows the ranking the projector shows, which is
// the hand tally. Prints one line per check; writes the projector's and
// the phones' rankings for the shell to compare with the export; exits 1
// with the reason at the first thing that does not hold.
//
//   node ballots.mjs URL CHROMIUM TMUX-SOCKET OUT-FILE
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";

const [url, executablePath, sock, out] = process.argv.slice(2);
const phones = ["Ana", "Bo", "Cy", "Dee", "Eve"];
const steps = ["Pilot", "Wiki", "Recognition"];

// Each ballot: how each phone votes, the keys Finn types at the keyboard
// (his phone died), what Gus put on the paper wall (or nothing: he does
// not vote, and the reveal asks first), and the hand tally as "rank step
// points", best first.
const ballots = [
	{
		method: "dots", spaces: 0,
		// Bo and Eve leave a dot unused and are asked first.
		votes: { Ana: [2, 1, 0], Bo: [0, 0, 2], Cy: [2, 0, 1], Dee: [1, 1, 1], Eve: [0, 2, 0] },
		finn: ["j", "+", "j", "+", "+"],                // 0, 1, 2
		wall: [0, 1, 2],
		// Pilot 2+2+1 = 5, Wiki 1+1+2+1 and 1 on the wall = 6,
		// Recognition 2+1+1+2 and 2 on the wall = 8
		want: ["1 Recognition 8", "2 Wiki 6", "3 Pilot 5"],
	},
	{
		method: "approval", spaces: 1,
		votes: { Ana: [1, 0, 1], Bo: [1, 0, 1], Cy: [1, 1, 1], Dee: [0, 0, 0], Eve: [0, 1, 0] },
		finn: ["Space"],                                // Pilot
		wall: [0, 1, 0],
		// Pilot Ana Bo Cy Finn, Recognition Ana Bo Cy, Wiki Cy Eve Gus:
		// the tie listed in the order the steps were added
		want: ["1 Pilot 4", "2= Wiki 3", "2= Recognition 3"],
	},
	{
		method: "ranked", spaces: 2,
		// The order each taps, best first (Cy taps Wiki, takes it back,
		// then taps Pilot and Wiki).
		votes: { Ana: [1, 0, 2], Bo: [2, 1], Cy: [1, 1, 0, 1], Dee: [2, 0, 1], Eve: [1, 2] },
		finn: ["j", "j", "Space", "k", "k", "Space"],   // Recognition, Pilot
		// Borda, 2 for first, 1 for second: Pilot 1+2+1+1 = 5, Wiki
		// 2+1+1+2 = 6, Recognition 2+2+1+2 = 7. Head to head Recognition
		// and Wiki tie 3 to 3, as do Wiki and Pilot: no Condorcet winner.
		want: ["1 Recognition 7", "2 Wiki 6", "3 Pilot 5"],
		condorcet: "No Condorcet winner",
	},
	{
		method: "scoring", spaces: 3,
		// [impact, effort] per step; Bo leaves Recognition unscored.
		votes: {
			Ana: [[5, 1], [2, 4], [3, 3]], Bo: [[4, 2], [3, 3], null],
			Cy: [[4, 2], [1, 5], [5, 4]], Dee: [[5, 2], [2, 5], [4, 4]],
			Eve: [[3, 1], [2, 2], [4, 5]],
		},
		finn: ["4", "1"],                               // Pilot only
		// Pilot impact 25/6, effort 9/6: 10 x 2.67 = 27, a quick win;
		// Recognition 16/4 and 16/4: 0; Wiki 10/5 and 19/5: -18.
		want: ["1 Pilot 27", "2 Recognition 0", "3 Wiki -18"],
	},
];

function fail(why) {
	console.log(`[  FAILED  ] ${why}`);
	process.exit(1);
}
function ok(what) {
	console.log(`[       OK ] ${what}`);
}

function tmux(...args) {
	return execFileSync("tmux", ["-S", sock, ...args], { encoding: "utf8" });
}
const keys = (...k) => tmux("send-keys", "-t", "room", ...k);
const screen = () => tmux("capture-pane", "-p", "-t", "room");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitScreen(text, what) {
	for (let i = 0; i < 150; i++) {
		if (screen().includes(text))
			return;
		await sleep(100);
	}
	fail(`${what}: "${text}" not on the projector:\n${screen()}`);
}

// ---- phones ----

async function join(page, name) {
	await page.goto(url);
	await page.locator("form.names button", { hasText: name }).click();
	await page.locator("p.who", { hasText: name }).waitFor({ timeout: 15000 });
}

// The page has followed the projector to this ballot and its script runs.
async function ballotShown(page, name, method) {
	const form = page.locator(`form.ballot.${method}`);
	try {
		await form.locator(".left").filter({ hasText: /\w/ }).waitFor({ timeout: 15000 });
	} catch (e) {
		fail(`${name}'s phone does not show the ${method} ballot: ` +
			(await page.content()).replace(/\s+/g, " ").slice(0, 400));
	}
}

async function fill(page, method, vote) {
	const form = page.locator("form.ballot");
	if (method === "dots") {
		for (let c = 0; c < vote.length; c++)
			for (let n = 0; n < vote[c]; n++)
				await form.locator(`#s${c} button.stepper`, { hasText: "+" }).click();
	} else if (method === "approval") {
		for (let c = 0; c < vote.length; c++)
			if (vote[c])
				await form.locator(`#c${c}`).check();
	} else if (method === "ranked") {
		for (const c of vote)
			await form.locator(`#s${c} button.place`).click();
	} else {
		for (let c = 0; c < vote.length; c++) {
			if (!vote[c])
				continue;
			await form.locator(`#s${c} label:has(input[name=i${c}][value="${vote[c][0]}"])`).click();
			await form.locator(`#s${c} label:has(input[name=e${c}][value="${vote[c][1]}"])`).click();
		}
	}
}

// What the page would post: the fields of the form, in order.
const fields = (page) => page.$$eval("form.ballot [name]:not([name=csrf])", (all) =>
	all.filter((f) => (f.type !== "radio" && f.type !== "checkbox") || f.checked)
		.map((f) => `${f.name}=${f.value}`).join("&"));

async function cast(page, name, method, vote) {
	await fill(page, method, vote);
	const before = await fields(page);
	const left = await page.locator("form.ballot .left").textContent();
	// A phone that reloads keeps its choices (on the phone only).
	await page.reload();
	await ballotShown(page, name, method);
	const after = await fields(page);
	if (after !== before)
		fail(`${name}'s choices after a reload: ${after}, before: ${before}`);
	let asked = "";
	const answer = async (d) => { asked = d.message(); await d.accept(); };
	page.on("dialog", answer);
	await page.locator("button.cast").click();
	await page.locator("h1", { hasText: "Your ballot is cast" }).waitFor({ timeout: 15000 });
	page.off("dialog", answer);
	console.log(`${name}: ${method} ${JSON.stringify(vote)}, "${left}"` +
		(asked ? `, asked "${asked}"` : ""));
	return asked;
}

// Fetches route with the phone's cookie; the status and the text.
const fetchAs = (page, route, body) => page.evaluate(async ([route, body]) => {
	const r = await fetch(route, body === null ? { headers: { Accept: "application/json" } } : {
		method: "POST", body, headers: {
			Accept: "application/json",
			"Content-Type": "application/x-www-form-urlencoded",
		},
	});
	return [r.status, await r.text()];
}, [route, body]);

// The ranking a phone shows once the page has followed the reveal.
async function phoneResult(page, name) {
	try {
		await page.locator("h1", { hasText: "The result" }).waitFor({ timeout: 15000 });
	} catch (e) {
		fail(`${name}'s phone does not show the result`);
	}
	const rows = await page.$$eval("ol.result li", (items) => items.map((li) => {
		const rank = li.querySelector(".rank").textContent.trim();
		const text = li.querySelector(".text").firstChild.textContent.trim();
		const points = li.querySelector(".points").textContent.match(/-?\d+/)[0];
		return `${rank} ${text} ${points}`;
	}));
	return { rows, page: await page.locator("main").textContent() };
}

// ---- the projector ----

function projectorResult() {
	const rows = [];
	for (const line of screen().split("\n")) {
		const m = line.match(/^\s+(\d+=?)\s+(Pilot|Wiki|Recognition)\s.*?\s(-?\d+)\s/);
		if (m)
			rows.push(`${m[1]} ${m[2]} ${m[3]}`);
	}
	return rows;
}

// Gus's dots on the paper wall: w in the lobby, one person, the counts.
async function paperWall(ballot) {
	keys("w");
	await waitScreen("people who voted at the paper wall", "the paper wall");
	keys("1", "Enter");
	for (const n of ballot.wall)
		keys(String(n), "Enter");
	await waitScreen(`counted ${ballot.wall.reduce((a, b) => a + b, 0)} there`, "the wall's count");
	keys("q");
	await waitScreen("have voted (1 at the paper wall)", "back in the lobby");
}

async function keyboardVote(ballot) {
	await waitScreen("Finn", "Finn waits to vote");
	keys("Enter");
	await waitScreen("Finn:", "Finn's ballot");
	for (const k of ballot.finn)
		keys(k);
	keys("Enter");
	await waitScreen("Cast this ballot?", "Finn casts");
	keys("y");
	await waitScreen("Pass the keyboard", "the page between voters");
	keys("Enter");
}

async function run(browser) {
	const pages = [];
	for (const name of phones) {
		const context = await browser.newContext({
			viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
		});
		const page = await context.newPage();
		await join(page, name);
		pages.push(page);
	}
	ok("five phones joined");
	const report = [];
	for (const [b, ballot] of ballots.entries()) {
		keys("v");
		await waitScreen("Open a ballot", "the ballot's form");
		for (let s = 0; s < ballot.spaces; s++)
			keys("Space");
		keys("Enter");
		await waitScreen("0 of 7 have voted", `ballot ${b + 1} opens`);
		await Promise.all(phones.map((name, i) => ballotShown(pages[i], name, ballot.method)));
		ok(`${ballot.method}: the ballot came to every phone`);
		const asked = [];
		for (const [i, name] of phones.entries())
			asked.push(await cast(pages[i], name, ballot.method, ballot.votes[name]));
		if (ballot.method === "dots" && !/1 dot left/.test(asked[1] + asked[4]))
			fail("a phone with a dot unused was not asked");
		const [again] = await fetchAs(pages[0], "vote", "csrf=x&c0=1");
		if (again !== 403 && again !== 409)
			fail(`a second cast from Ana's phone got ${again}`);
		await keyboardVote(ballot);
		if (ballot.wall)
			await paperWall(ballot);
		const counted = ballot.wall ? "7 of 7 have voted (1 at the paper wall)"
					    : "6 of 7 have voted";
		await waitScreen(counted, `${ballot.method}: all voted`);
		await waitScreen("Voted: Ana, Bo, Cy, Dee, Eve, Finn", "the names of who voted");
		const lobby = screen();
		if (/Pilot|Wiki|Recognition/.test(lobby))
			fail(`the lobby shows steps before the reveal:\n${lobby}`);
		for (const [i, name] of phones.entries()) {
			const [, state] = await fetchAs(pages[i], "state", null);
			if (/"points"|"result"|"total"/.test(state))
				fail(`${name}'s phone is sent a count before the reveal: ${state}`);
		}
		ok(`${ballot.method}: ${counted}, named on the projector; no count anywhere yet`);
		keys("r");
		if (!ballot.wall) {
			await waitScreen("Only 6 of 7 have voted. Reveal the results now?",
					 "the reveal asks first");
			keys("y");
		}
		await waitScreen("revealed:", `${ballot.method}: the reveal`);
		await sleep(1500);                      // the chart builds up row by row
		const projector = projectorResult();
		if (JSON.stringify(projector) !== JSON.stringify(ballot.want))
			fail(`${ballot.method}: the projector ranks ${JSON.stringify(projector)}, ` +
			     `the hand tally ${JSON.stringify(ballot.want)}\n${screen()}`);
		ok(`${ballot.method}: the projector's ranking is the hand tally`);
		for (const [i, name] of phones.entries()) {
			const shown = await phoneResult(pages[i], name);
			if (JSON.stringify(shown.rows) !== JSON.stringify(ballot.want))
				fail(`${ballot.method}: ${name}'s phone ranks ${JSON.stringify(shown.rows)}`);
			if (ballot.condorcet && !shown.page.includes(ballot.condorcet))
				fail(`${ballot.method}: ${name}'s phone does not say "${ballot.condorcet}"`);
		}
		if (ballot.condorcet && !screen().includes(ballot.condorcet))
			fail(`${ballot.method}: the projector does not say "${ballot.condorcet}"`);
		ok(`${ballot.method}: every phone shows the projector's ranking` +
			(ballot.condorcet ? ` and "${ballot.condorcet}"` : ""));
		report.push(`${ballot.method}: ${ballot.want.join("; ")}`);
		keys("q");                              // back to the steps
		await waitScreen("horizon", "back to the steps");
	}
	writeFileSync(out, report.join("\n") + "\n");
}

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
try {
	await run(browser);
} catch (e) {
	fail(e.message.split("\n")[0]);
} finally {
	await browser.close();
}
