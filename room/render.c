#include "room/render.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/sanitize.h"
#include "room/page.h"

/* ---- reading the session ---- */

bool render_participant_here(const struct room *room, size_t i)
{
	return room->ops.participant_here == NULL || room->ops.participant_here(room->ops.ctx, i);
}

/* Someone who left is no longer found: their phone is a visitor again. */
size_t render_participant_index(const struct room *room, int64_t id)
{
	if (id == 0)
		return SIZE_MAX;
	size_t n = room->ops.participants(room->ops.ctx);
	for (size_t i = 0; i < n; i++)
		if (room->ops.participant_id(room->ops.ctx, i) == id)
			return render_participant_here(room, i) ? i : SIZE_MAX;
	return SIZE_MAX;
}

size_t render_participant_named(const struct room *room, const char *name)
{
	size_t n = room->ops.participants(room->ops.ctx);
	for (size_t i = 0; i < n; i++)
		if (strcmp(room->ops.participant_name(room->ops.ctx, i), name) == 0)
			return render_participant_here(room, i) ? i : SIZE_MAX;
	return SIZE_MAX;
}

static const char *state_name(const struct room_device *dev)
{
	if (dev == NULL || dev->state == DEVICE_VISITOR)
		return "visitor";
	return dev->state == DEVICE_PENDING ? "pending" : "joined";
}

/* The participant dev rates as, or SIZE_MAX when it is not joined (or its
 * participant is gone). */
static size_t rater(const struct room *room, const struct room_device *dev)
{
	if (dev == NULL || dev->state != DEVICE_JOINED)
		return SIZE_MAX;
	return render_participant_index(room, dev->participant_id);
}

bool render_rating_open(const struct room *room)
{
	return room->ops.stage(room->ops.ctx) == STAGE_CURRENT_STATE &&
	       !room->ops.revealed(room->ops.ctx);
}

/* ---- JSON ---- */

void render_json_text(struct json *j, const char *text)
{
	if (text == NULL) {
		json_null(j);
		return;
	}
	char *clean = sanitize(text, strlen(text), SANITIZE_LINE);
	json_string(j, clean);
	free(clean);
}

static void json_participants(const struct room *room, struct json *j)
{
	json_key(j, "participants");
	json_array(j);
	size_t n = room->ops.participants(room->ops.ctx);
	for (size_t i = 0; i < n; i++) {
		if (!render_participant_here(room, i))
			continue;
		json_object(j);
		json_key(j, "id");
		json_int(j, room->ops.participant_id(room->ops.ctx, i));
		json_key(j, "name");
		render_json_text(j, room->ops.participant_name(room->ops.ctx, i));
		json_end(j);
	}
	json_end(j);
}

static void json_dimensions(const struct room *room, size_t p, struct json *j)
{
	json_key(j, "dimensions");
	json_array(j);
	size_t n = room->ops.dimensions(room->ops.ctx);
	for (size_t d = 0; d < n; d++) {
		struct room_dimension dim = {0};
		room->ops.dimension(room->ops.ctx, d, &dim);
		const struct {
			const char *key, *text;
		} texts[] = {
			{"key", dim.key}, {"name", dim.name}, {"question", dim.question},
			{"low", dim.low}, {"high", dim.high},
		};
		json_object(j);
		for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
			json_key(j, texts[t].key);
			render_json_text(j, texts[t].text);
		}
		json_key(j, "min");
		json_int(j, dim.scale_min);
		json_key(j, "max");
		json_int(j, dim.scale_max);
		json_key(j, "mine");
		int score = room->ops.score(room->ops.ctx, d, p);
		if (score == RATING_NONE)
			json_null(j);
		else
			json_int(j, score);
		json_end(j);
	}
	json_end(j);
}

static void state_body(const struct room *room, const struct room_device *dev, struct json *j)
{
	enum stage stage = room->ops.stage(room->ops.ctx);
	json_key(j, "state");
	json_string(j, state_name(dev));
	json_key(j, "stage");
	json_string(j, stage_name(stage));
	json_key(j, "stage_title");
	json_string(j, stage_label(stage));
	json_key(j, "revealed");
	json_bool(j, room->ops.revealed(room->ops.ctx));
	json_key(j, "rating_open");
	json_bool(j, render_rating_open(room));
	if (dev) {
		json_key(j, "csrf");
		json_string(j, dev->csrf);
	}
	size_t p = rater(room, dev);
	if (dev && dev->state == DEVICE_PENDING) {
		json_key(j, "name");
		render_json_text(j, dev->name);
	}
	if (p != SIZE_MAX) {
		json_key(j, "name");
		render_json_text(j, room->ops.participant_name(room->ops.ctx, p));
		json_dimensions(room, p, j);
		render_ballot_json(room, p, j);
		render_result_json(room, j);
	} else if (dev == NULL || dev->state == DEVICE_VISITOR) {
		json_participants(room, j);
	}
}

static void digest(const char *s, size_t len, char out[RENDER_VERSION_SIZE])
{
	uint64_t h = UINT64_C(14695981039346656037);    /* FNV-1a */
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= UINT64_C(1099511628211);
	}
	snprintf(out, RENDER_VERSION_SIZE, "%016" PRIx64, h);
}

void render_version(const struct room *room, const struct room_device *dev,
		    char out[RENDER_VERSION_SIZE])
{
	struct sbuf body = SBUF_INIT;
	struct json j;
	json_start(&j, &body);
	json_object(&j);
	state_body(room, dev, &j);
	json_end(&j);
	digest(sbuf_str(&body), body.len, out);
	sbuf_free(&body);
}

void render_state(const struct room *room, const struct room_device *dev, struct sbuf *out)
{
	char v[RENDER_VERSION_SIZE];
	render_version(room, dev, v);
	struct json j;
	json_start(&j, out);
	json_object(&j);
	json_key(&j, "v");
	json_string(&j, v);
	state_body(room, dev, &j);
	json_end(&j);
}

/* ---- HTML ---- */

void render_html_text(struct sbuf *out, const char *text)
{
	if (text == NULL)
		return;
	char *clean = sanitize(text, strlen(text), SANITIZE_LINE);
	for (const char *p = clean; *p; p++) {
		switch (*p) {
		case '&': sbuf_adds(out, "&amp;"); break;
		case '<': sbuf_adds(out, "&lt;"); break;
		case '>': sbuf_adds(out, "&gt;"); break;
		case '"': sbuf_adds(out, "&quot;"); break;
		case '\'': sbuf_adds(out, "&#39;"); break;
		default: sbuf_addc(out, *p);
		}
	}
	free(clean);
}

void render_csrf_field(struct sbuf *out, const char *csrf)
{
	sbuf_adds(out, "<input type=\"hidden\" name=\"csrf\" value=\"");
	render_html_text(out, csrf);
	sbuf_adds(out, "\">");
}

static void join_form(const struct room *room, const char *csrf, struct sbuf *out)
{
	sbuf_adds(out, "<h1>Join the room</h1>\n<form method=\"post\" action=\"join\" "
		       "class=\"names\">");
	render_csrf_field(out, csrf);
	size_t n = room->ops.participants(room->ops.ctx);
	if (n > 0)
		sbuf_adds(out, "<p>Pick your name:</p>\n");
	for (size_t i = 0; i < n; i++) {
		if (!render_participant_here(room, i))
			continue;
		sbuf_addf(out, "<button name=\"pick\" value=\"%" PRId64 "\">",
			  room->ops.participant_id(room->ops.ctx, i));
		render_html_text(out, room->ops.participant_name(room->ops.ctx, i));
		sbuf_adds(out, "</button>\n");
	}
	sbuf_adds(out, "</form>\n<form method=\"post\" action=\"join\" class=\"new\">");
	render_csrf_field(out, csrf);
	sbuf_addf(out, "<label for=\"new\">%s</label>\n"
		       "<input id=\"new\" name=\"new\" maxlength=\"%d\" autocomplete=\"name\" "
		       "required>\n<button>Join</button>\n</form>\n",
		  n > 0 ? "Not in the list? Type your name:" : "Type your name:", TEXT_MAX_NAME);
}

static void waiting(const struct room_device *dev, struct sbuf *out)
{
	sbuf_adds(out, "<h1>Almost in</h1>\n<p class=\"wait\">The facilitator lets you in as <b>");
	render_html_text(out, dev->name);
	sbuf_adds(out, "</b> on the projector.</p>\n<p><a class=\"again\" href=\"./\">"
		       "Look again</a></p>\n");
}

static void scale_buttons(const struct room_dimension *dim, int mine, struct sbuf *out)
{
	sbuf_adds(out, "<div class=\"scale\">");
	for (int v = dim->scale_min; v <= dim->scale_max; v++)
		sbuf_addf(out, "<button name=\"score\" value=\"%d\"%s>%d</button>", v,
			  v == mine ? " class=\"mine\" aria-pressed=\"true\"" : "", v);
	sbuf_adds(out, "</div>\n");
}

static void labelled(struct sbuf *out, const char *cls, const char *label, const char *text)
{
	if (text == NULL || *text == '\0')
		return;
	sbuf_addf(out, "<p class=\"%s\"><span>%s</span> ", cls, label);
	render_html_text(out, text);
	sbuf_adds(out, "</p>\n");
}

static void dimension_section(const struct room *room, size_t d, size_t p, const char *csrf,
			      struct sbuf *out)
{
	struct room_dimension dim = {0};
	room->ops.dimension(room->ops.ctx, d, &dim);
	int mine = room->ops.score(room->ops.ctx, d, p);
	size_t n = room->ops.dimensions(room->ops.ctx);
	sbuf_addf(out, "<section class=\"dim\" id=\"d%zu\">\n<p class=\"count\">%zu of %zu</p>\n"
		       "<h2>", d + 1, d + 1, n);
	render_html_text(out, dim.name);
	sbuf_adds(out, "</h2>\n");
	labelled(out, "question", "", dim.question);
	labelled(out, "low", "low:", dim.low);
	labelled(out, "high", "high:", dim.high);
	sbuf_adds(out, "<form method=\"post\" action=\"rate\">");
	render_csrf_field(out, csrf);
	sbuf_adds(out, "<input type=\"hidden\" name=\"dim\" value=\"");
	render_html_text(out, dim.key);
	sbuf_adds(out, "\">");
	scale_buttons(&dim, mine, out);
	sbuf_adds(out, "</form>\n<p class=\"saved\">");
	if (mine != RATING_NONE)
		sbuf_addf(out, "Your rating: %d, saved", mine);
	sbuf_adds(out, "</p>\n</section>\n");
}

static void joined(const struct room *room, size_t p, const char *csrf, struct sbuf *out)
{
	sbuf_adds(out, "<p class=\"who\">");
	render_html_text(out, room->ops.participant_name(room->ops.ctx, p));
	sbuf_adds(out, "</p>\n");
	enum stage stage = room->ops.stage(room->ops.ctx);
	struct room_ballot b;
	struct room_result r;
	if (render_ballot(room, &b)) {
		render_ballot_form(room, p, &b, csrf, out);
	} else if (render_result(room, &r)) {
		render_result_html(&r, out);
		free(r.rows);
	} else if (render_rating_open(room)) {
		sbuf_adds(out, "<p class=\"hint\">Your ratings stay private until the facilitator "
			       "reveals them. You can change them until then.</p>\n");
		size_t n = room->ops.dimensions(room->ops.ctx);
		for (size_t d = 0; d < n; d++)
			dimension_section(room, d, p, csrf, out);
	} else if (stage == STAGE_CURRENT_STATE) {
		sbuf_adds(out, "<h1>Revealed</h1>\n<p>The ratings are on the projector now.</p>\n");
	} else {
		sbuf_addf(out, "<h1>%s</h1>\n<p>Follow the projector.</p>\n", stage_label(stage));
	}
}

static void page_main(const struct room *room, const struct room_device *dev, const char *csrf,
		      struct sbuf *out)
{
	size_t p = rater(room, dev);
	if (p != SIZE_MAX)
		joined(room, p, csrf, out);
	else if (dev && dev->state == DEVICE_PENDING)
		waiting(dev, out);
	else
		join_form(room, csrf, out);
}

/* Where slot first occurs in text[at..len), or len. */
static size_t find(const char *text, size_t at, size_t len, const char *slot)
{
	size_t n = strlen(slot);
	for (size_t i = at; i + n <= len; i++)
		if (memcmp(text + i, slot, n) == 0)
			return i;
	return len;
}

/* index.html with its <!--main--> replaced, and its <main> told the state's
 * version so that the script knows when the page is out of date. */
static void page_with(const char *version, const char *main_html, struct sbuf *out)
{
	const struct room_file *f = page_file("index.html");
	const char *text = f ? (const char *)f->data : "<!--main-->";
	size_t len = f ? f->len : strlen(text);
	static const char *const slots[] = {"<!--version-->", "<!--main-->"};
	const char *fills[] = {version, main_html};
	size_t at = 0;
	while (at < len) {
		size_t next = len, which = 0;
		for (size_t s = 0; s < 2; s++) {
			size_t hit = find(text, at, len, slots[s]);
			if (hit < next) {
				next = hit;
				which = s;
			}
		}
		sbuf_add(out, text + at, next - at);
		if (next == len)
			break;
		sbuf_adds(out, fills[which]);
		at = next + strlen(slots[which]);
	}
}

void render_page(const struct room *room, const struct room_device *dev, const char *csrf,
		 struct sbuf *out)
{
	char v[RENDER_VERSION_SIZE];
	render_version(room, dev, v);
	struct sbuf main_html = SBUF_INIT;
	page_main(room, dev, csrf, &main_html);
	page_with(v, sbuf_str(&main_html), out);
	sbuf_free(&main_html);
}

void render_code_page(const char *message, struct sbuf *out)
{
	struct sbuf main_html = SBUF_INIT;
	sbuf_adds(&main_html, "<h1>Join the room</h1>\n");
	if (message) {
		sbuf_adds(&main_html, "<p class=\"error\">");
		render_html_text(&main_html, message);
		sbuf_adds(&main_html, "</p>\n");
	}
	sbuf_addf(&main_html, "<form method=\"post\" action=\"/code\" class=\"new\">\n"
			      "<label for=\"code\">The code on the projector:</label>\n"
			      "<input id=\"code\" name=\"code\" inputmode=\"numeric\" "
			      "autocomplete=\"off\" maxlength=\"%d\" required>\n"
			      "<button>Go</button>\n</form>\n", TOKENS_CODE_DIGITS);
	page_with("", sbuf_str(&main_html), out);
	sbuf_free(&main_html);
}

void render_message_page(const char *message, const char *back, struct sbuf *out)
{
	struct sbuf main_html = SBUF_INIT;
	sbuf_adds(&main_html, "<p class=\"error\">");
	render_html_text(&main_html, message);
	sbuf_adds(&main_html, "</p>\n<p><a class=\"again\" href=\"");
	render_html_text(&main_html, back);
	sbuf_adds(&main_html, "\">Back</a></p>\n");
	page_with("", sbuf_str(&main_html), out);
	sbuf_free(&main_html);
}
