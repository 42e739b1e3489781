/* The room's page, made nicer where a script runs: one dimension at a
 * time, ratings saved without a reload, and the page following the
 * projector. Everything here also works as plain forms without it.
 * Old browsers: XMLHttpRequest, no arrow functions, no fetch. */
(function () {
	"use strict";
	var main = document.getElementById("main");
	var status = document.getElementById("status");
	var version = main.getAttribute("data-v");
	if (!version)
		return;
	var sections = main.querySelectorAll(".dim");
	var shown = 0;
	/* Ratings on their way, and news heard meanwhile (the version it
	 * brought): news waits for their answers, so that the page is not
	 * reloaded under a rating, and news of the rating itself (a page's
	 * own rating changes what it shows) reloads nothing. */
	var saving = 0, news = null;

	function say(text) {
		status.textContent = text;
	}

	function request(method, url, body, done) {
		var x = new XMLHttpRequest();
		x.open(method, url, true);
		x.setRequestHeader("Accept", "application/json");
		if (body !== null)
			x.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
		x.onload = function () {
			var answer = null;
			try { answer = JSON.parse(x.responseText); } catch (e) { answer = null; }
			done(x.status, answer);
		};
		x.onerror = function () { done(0, null); };
		x.ontimeout = x.onerror;
		x.send(body);
	}

	/* ---- one dimension at a time ---- */

	function clamp(i) {
		return Math.max(0, Math.min(sections.length - 1, i));
	}

	/* The dimension a reload comes back to. */
	function remember(i) {
		if (window.history && history.replaceState)
			history.replaceState(null, "", "#d" + (i + 1));
	}

	function show(i) {
		if (sections.length === 0)
			return;
		shown = clamp(i);
		for (var k = 0; k < sections.length; k++)
			sections[k].className = k === shown ? "dim" : "dim hidden";
		remember(shown);
	}

	/* Once no rating is on its way: news of something else than what
	 * the answers said reloads the page (true); else it is followed on. */
	function settle() {
		if (news === null || saving > 0)
			return false;
		var other = news !== version;
		news = null;
		if (other)
			location.reload();
		else
			follow();
		return other;
	}

	function firstUnrated() {
		for (var k = 0; k < sections.length; k++)
			if (!sections[k].querySelector(".mine"))
				return k;
		return 0;
	}

	function addSteps() {
		if (sections.length < 2)
			return;
		var steps = document.createElement("div");
		steps.className = "steps";
		var back = document.createElement("button");
		var next = document.createElement("button");
		back.textContent = "\u2190 Back";
		next.textContent = "Next \u2192";
		back.onclick = function () { show(shown - 1); };
		next.onclick = function () { show(shown + 1); };
		steps.appendChild(back);
		steps.appendChild(next);
		main.appendChild(steps);
	}

	/* ---- rating ---- */

	function field(form, name) {
		var input = form.querySelector("input[name=" + name + "]");
		return encodeURIComponent(input ? input.value : "");
	}

	function rate(button) {
		var form = button.form;
		var section = form.parentNode;
		var body = "csrf=" + field(form, "csrf") + "&dim=" + field(form, "dim") +
			"&score=" + encodeURIComponent(button.value);
		var saved = section.querySelector(".saved");
		saved.textContent = "Saving\u2026";
		saving++;
		request("POST", "rate", body, function (code, answer) {
			saving--;
			if (code !== 200 || !answer) {
				saved.textContent = "";
				say(answer && answer.error ? answer.error : "Not saved: no answer. Try again.");
				settle();
				return;
			}
			version = answer.v;
			var buttons = form.querySelectorAll("button");
			for (var k = 0; k < buttons.length; k++)
				buttons[k].className = buttons[k] === button ? "mine" : "";
			saved.textContent = "Your rating: " + button.value + ", saved";
			say("");
			/* The next dimension, where a reload now comes back to too. */
			var next = clamp(shown + 1);
			remember(next);
			if (!settle())
				setTimeout(function () { show(next); }, 600);
		});
	}

	function watchScales() {
		var buttons = main.querySelectorAll(".scale button");
		for (var k = 0; k < buttons.length; k++)
			buttons[k].onclick = function (e) {
				e.preventDefault();
				rate(this);
			};
	}

	/* ---- a ballot ---- */

	/* What the form holds, as [name, value] pairs, and back. */
	function snapshot(form) {
		var pairs = [];
		var fields = form.querySelectorAll("input[name], select[name]");
		for (var k = 0; k < fields.length; k++) {
			var f = fields[k];
			if (f.name === "csrf" || ((f.type === "radio" || f.type === "checkbox") && !f.checked))
				continue;
			pairs.push([f.name, f.value]);
		}
		return pairs;
	}

	function restore(form, pairs) {
		for (var k = 0; k < pairs.length; k++) {
			var fields = form.querySelectorAll("[name=" + pairs[k][0] + "]");
			for (var m = 0; m < fields.length; m++) {
				var f = fields[m];
				if (f.type === "radio" || f.type === "checkbox")
					f.checked = f.value === pairs[k][1];
				else
					f.value = pairs[k][1];
			}
		}
	}

	function plural(n, one, many) {
		return n + " " + (n === 1 ? one : many);
	}

	/* Dots: a minus and a plus beside each number, the dots left always
	 * in sight. */
	function dotsBallot(form, changed) {
		var budget = parseInt(form.getAttribute("data-budget"), 10) || 0;
		var inputs = form.querySelectorAll("input[type=number]");
		function spent() {
			var sum = 0;
			for (var k = 0; k < inputs.length; k++)
				sum += parseInt(inputs[k].value, 10) || 0;
			return sum;
		}
		function stepper(input, delta, label) {
			var b = document.createElement("button");
			b.type = "button";
			b.className = "stepper";
			b.textContent = label;
			b.setAttribute("aria-label", (delta > 0 ? "one more dot on " : "one dot less on ") +
				       input.id);
			b.onclick = function () {
				var max = parseInt(input.max, 10), v = (parseInt(input.value, 10) || 0) + delta;
				if (v < 0 || v > max || (delta > 0 && spent() >= budget))
					return;
				input.value = v;
				changed();
			};
			return b;
		}
		for (var k = 0; k < inputs.length; k++) {
			var box = document.createElement("span");
			box.className = "dots";
			inputs[k].parentNode.insertBefore(box, inputs[k]);
			box.appendChild(stepper(inputs[k], -1, "\u2212"));
			box.appendChild(inputs[k]);
			box.appendChild(stepper(inputs[k], 1, "+"));
		}
		return {
			left: function () {
				var rest = budget - spent();
				return rest >= 0 ? plural(rest, "dot", "dots") + " left"
						 : (-rest) + " too many: take some back";
			},
			ask: function () {
				var rest = budget - spent();
				if (rest < 0)
					return "That is more than your " + budget + " dots: take some back.";
				return rest > 0 ? "You have " + plural(rest, "dot", "dots") +
						  " left. Cast your ballot anyway?" : null;
			},
			refuses: function () { return budget - spent() < 0; }
		};
	}

	function approvalBallot(form) {
		var boxes = form.querySelectorAll("input[type=checkbox]");
		function ticked() {
			var n = 0;
			for (var k = 0; k < boxes.length; k++)
				n += boxes[k].checked ? 1 : 0;
			return n;
		}
		return {
			left: function () { return plural(ticked(), "step", "steps") + " ticked"; },
			ask: function () {
				return ticked() === 0 ? "You ticked no step. Cast your ballot anyway?" : null;
			},
			refuses: function () { return false; }
		};
	}

	/* Ranked: tap the steps best first; tap one again to take it out, and
	 * those after it move up. The places live in the form's selects. */
	function rankedBallot(form, changed) {
		var selects = form.querySelectorAll("select");
		var order = [];
		var places = [];
		function fromSelects() {
			var ranked = [];
			for (var k = 0; k < selects.length; k++) {
				var v = parseInt(selects[k].value, 10) || 0;
				if (v > 0)
					ranked.push([v, k]);
			}
			ranked.sort(function (a, b) { return a[0] - b[0]; });
			order = [];
			for (var m = 0; m < ranked.length; m++)
				order.push(ranked[m][1]);
		}
		function show() {
			for (var k = 0; k < selects.length; k++) {
				var at = order.indexOf(k);
				selects[k].value = String(at + 1);
				places[k].textContent = at >= 0 ? String(at + 1) : "";
				places[k].setAttribute("aria-pressed", at >= 0 ? "true" : "false");
				selects[k].parentNode.className = at >= 0 ? "step ranked" : "step";
			}
		}
		function tap(k) {
			var at = order.indexOf(k);
			if (at >= 0)
				order.splice(at, 1);
			else
				order.push(k);
			show();
			changed();
		}
		var plain = form.parentNode.querySelector(".hint .plain");
		if (plain)
			plain.textContent = "Tap the steps in order, best first; tap one again to take " +
				"it out.";
		for (var k = 0; k < selects.length; k++) {
			var b = document.createElement("button");
			b.type = "button";
			b.className = "place";
			b.onclick = (function (c) { return function () { tap(c); }; })(k);
			var label = selects[k].parentNode.querySelector("label");
			b.setAttribute("aria-label", "rank " + (label ? label.textContent : k + 1));
			if (label)
				label.onclick = (function (c) {
					return function (e) { e.preventDefault(); tap(c); };
				})(k);
			selects[k].className = "hidden";
			selects[k].parentNode.insertBefore(b, selects[k]);
			places.push(b);
		}
		return {
			kept: function () { fromSelects(); show(); },
			left: function () {
				return order.length + " of " + selects.length + " ranked";
			},
			ask: function () {
				return order.length === 0 ? "You ranked no step. Cast your ballot anyway?"
							  : null;
			},
			refuses: function () { return false; }
		};
	}

	/* Impact and effort: two rows of big buttons per step, both or neither. */
	function scoringBallot(form) {
		var steps = form.querySelectorAll(".step");
		function count() {
			var both = 0, half = 0;
			for (var k = 0; k < steps.length; k++) {
				var n = steps[k].querySelectorAll("input:checked").length;
				both += n === 2 ? 1 : 0;
				half += n === 1 ? 1 : 0;
			}
			return {both: both, half: half};
		}
		return {
			left: function () {
				var c = count();
				return c.both + " of " + steps.length + " steps scored" +
					(c.half ? "; " + plural(c.half, "step has", "steps have") +
					 " only one of the two" : "");
			},
			ask: function () {
				var c = count();
				if (c.half > 0)
					return "Give each step both its impact and its effort, or neither.";
				return c.both < steps.length ? "You scored " + c.both + " of " + steps.length +
					" steps. Cast your ballot anyway?" : null;
			},
			refuses: function () { return count().half > 0; }
		};
	}

	/* Choices not yet cast live on this phone only, so that a reload (the
	 * page following the projector) does not lose them. */
	function watchBallot() {
		var form = main.querySelector("form.ballot");
		if (!form)
			return;
		var left = form.querySelector(".left");
		var key = "improv-ballot:" + location.pathname + form.getAttribute("data-ballot");
		var method = form.getAttribute("data-method");
		var rules = null;
		function changed() {
			try { sessionStorage.setItem(key, JSON.stringify(snapshot(form))); } catch (e) { /* full */ }
			left.textContent = rules.left();
		}
		if (method === "dots")
			rules = dotsBallot(form, changed);
		else if (method === "ranked")
			rules = rankedBallot(form, changed);
		else if (method === "scoring")
			rules = scoringBallot(form);
		else
			rules = approvalBallot(form);
		var kept = null;
		try { kept = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { kept = null; }
		if (kept && kept.length !== undefined)
			restore(form, kept);
		if (rules.kept)
			rules.kept();
		form.oninput = changed;
		form.onchange = changed;
		form.onsubmit = function () {
			var question = rules.ask();
			if (question && rules.refuses()) {
				window.alert(question);
				return false;
			}
			if (question && !window.confirm(question))
				return false;
			try { sessionStorage.removeItem(key); } catch (e) { /* nothing kept */ }
			return true;
		};
		left.textContent = rules.left();
	}

	/* ---- following the projector ---- */

	/* A name half typed is not thrown away by a reload. */
	function typing() {
		var input = document.getElementById("new");
		return input !== null && input.value !== "";
	}

	function follow() {
		request("GET", "events?v=" + encodeURIComponent(version), null, function (code, answer) {
			if (code === 200 && answer && answer.v) {
				if (answer.v !== version && !typing()) {
					if (saving > 0)
						news = answer.v;        /* the ratings' answers decide */
					else
						location.reload();
					return;
				}
				version = answer.v;
				follow();
				return;
			}
			say(code === 0 ? "Reconnecting\u2026" : "");
			setTimeout(follow, 2000);
		});
	}

	var hash = /^#d(\d+)$/.exec(location.hash);
	watchScales();
	watchBallot();
	addSteps();
	show(hash ? parseInt(hash[1], 10) - 1 : firstUnrated());
	follow();
})();
