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

	function show(i) {
		if (sections.length === 0)
			return;
		shown = Math.max(0, Math.min(sections.length - 1, i));
		for (var k = 0; k < sections.length; k++)
			sections[k].className = k === shown ? "dim" : "dim hidden";
		if (window.history && history.replaceState)
			history.replaceState(null, "", "#d" + (shown + 1));
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
		request("POST", "rate", body, function (code, answer) {
			if (code !== 200 || !answer) {
				saved.textContent = "";
				say(answer && answer.error ? answer.error : "Not saved: no answer. Try again.");
				return;
			}
			version = answer.v;
			var buttons = form.querySelectorAll("button");
			for (var k = 0; k < buttons.length; k++)
				buttons[k].className = buttons[k] === button ? "mine" : "";
			saved.textContent = "Your rating: " + button.value + ", saved";
			say("");
			setTimeout(function () { show(shown + 1); }, 600);
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

	/* Choices not yet cast live on this phone only, so that a reload (the
	 * page following the projector) does not lose them. */
	function watchBallot() {
		var form = main.querySelector("form.ballot");
		if (!form)
			return;
		var inputs = form.querySelectorAll("input[name^=c]");
		var left = form.querySelector(".left");
		var budget = parseInt(form.getAttribute("data-budget"), 10) || 0;
		var key = "improv-ballot:" + location.pathname;
		var kept = null;
		try { kept = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { kept = null; }
		function value(input) {
			return input.type === "checkbox" ? (input.checked ? 1 : 0)
							 : parseInt(input.value, 10) || 0;
		}
		function spent() {
			var sum = 0;
			for (var k = 0; k < inputs.length; k++)
				sum += value(inputs[k]);
			return sum;
		}
		function update() {
			var choices = [];
			for (var k = 0; k < inputs.length; k++)
				choices.push(value(inputs[k]));
			try { sessionStorage.setItem(key, JSON.stringify(choices)); } catch (e) { /* full */ }
			if (budget > 0) {
				var rest = budget - spent();
				left.textContent = rest >= 0 ? rest + (rest === 1 ? " dot" : " dots") + " left"
							     : (-rest) + " too many: take some back";
			}
		}
		for (var k = 0; k < inputs.length; k++) {
			if (kept && k < kept.length) {
				if (inputs[k].type === "checkbox")
					inputs[k].checked = kept[k] === 1;
				else
					inputs[k].value = kept[k];
			}
			inputs[k].oninput = update;
			inputs[k].onchange = update;
		}
		form.onsubmit = function () {
			var rest = budget - spent();
			if (budget > 0 && rest > 0 &&
			    !window.confirm("You have " + rest + (rest === 1 ? " dot" : " dots") +
					    " left. Cast your ballot anyway?"))
				return false;
			try { sessionStorage.removeItem(key); } catch (e) { /* nothing kept */ }
			return true;
		};
		update();
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
