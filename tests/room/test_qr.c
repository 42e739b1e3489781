#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "room/qr.h"
#include "tests/support.h"

#define URL "http://192.168.1.23:8470/r/AbCdEfGhIjKlMnOpQrStUv/"

/* Reads the drawing back, cell by cell, into dark modules: the quiet zone
 * included, so that a module drawn in the wrong place shows as a mismatch. */
static int ink_of(const char *cell, size_t *len)
{
	static const char *const cells[4] = {" ", "\u2580", "\u2584", "\u2588"};
	for (int ink = 3; ink >= 0; ink--) {
		size_t n = strlen(cells[ink]);
		if (strncmp(cell, cells[ink], n) == 0) {
			*len = n;
			return ink;
		}
	}
	fail_msg("not a half block: \\x%02x", (unsigned char)*cell);
	return 0;
}

static void assert_drawing_reads_back(const struct qr *q, const char *drawing)
{
	int cols = qr_columns(q), row = 0;
	const char *p = drawing;
	while (*p) {
		for (int col = 0; col < cols; col++) {
			size_t len = 0;
			int ink = ink_of(p, &len);
			int x = col - QR_QUIET, y = 2 * row - QR_QUIET;
			assert_int_equal(ink & 1, qr_dark(q, x, y));
			assert_int_equal((ink & 2) != 0, qr_dark(q, x, y + 1));
			p += len;
		}
		assert_int_equal(*p, '\n');
		p++;
		row++;
	}
	assert_int_equal(row, qr_rows(q));
}

static void qr__the_drawing_holds_every_module_and_a_light_quiet_zone(void **state)
{
	(void)state;
	struct qr q;
	assert_int_equal(qr_encode(URL, &q, NULL), ERR_OK);
	struct sbuf out = SBUF_INIT;
	qr_render(&q, &out);
	assert_drawing_reads_back(&q, sbuf_str(&out));
	/* The first two character rows are quiet zone only. */
	for (int col = 0; col < qr_columns(&q); col++)
		assert_int_equal(sbuf_str(&out)[col], ' ');
	sbuf_free(&out);
	qr_free(&q);
}

static void qr__a_code_of_odd_size_ends_on_a_half_row_of_quiet_zone(void **state)
{
	(void)state;
	struct qr q;
	assert_int_equal(qr_encode("x", &q, NULL), ERR_OK);
	assert_int_equal(q.size, 21);
	assert_int_equal(qr_columns(&q), 29);
	assert_int_equal(qr_rows(&q), 15);
	struct sbuf out = SBUF_INIT;
	qr_render(&q, &out);
	assert_drawing_reads_back(&q, sbuf_str(&out));
	sbuf_free(&out);
	qr_free(&q);
}

static void qr__the_matrix_is_the_one_libqrencode_gives(void **state)
{
	(void)state;
	struct qr q;
	assert_int_equal(qr_encode(URL, &q, NULL), ERR_OK);
	QRcode *ref = QRcode_encodeString8bit(URL, 0, QR_ECLEVEL_M);
	assert_non_null(ref);
	assert_int_equal(q.version, ref->version);
	assert_int_equal(q.size, ref->width);
	for (int y = 0; y < q.size; y++)
		for (int x = 0; x < q.size; x++)
			assert_int_equal(qr_dark(&q, x, y), ref->data[y * ref->width + x] & 1);
	QRcode_free(ref);
	qr_free(&q);
}

static void qr__a_room_url_is_version_4_and_fits_80x24(void **state)
{
	(void)state;
	struct qr q;
	/* 50 bytes: more than version 3 holds at level M (42), less than 4 (62). */
	assert_int_equal(strlen(URL), 50);
	assert_int_equal(qr_encode(URL, &q, NULL), ERR_OK);
	assert_int_equal(q.version, 4);
	assert_int_equal(q.size, 33);
	assert_int_equal(qr_columns(&q), 41);
	assert_int_equal(qr_rows(&q), 21);
	assert_true(qr_columns(&q) <= 80 && qr_rows(&q) <= 24);
	/* The three finder patterns: dark corners, light separators. */
	assert_true(qr_dark(&q, 0, 0) && qr_dark(&q, 32, 0) && qr_dark(&q, 0, 32));
	assert_false(qr_dark(&q, 7, 7) || qr_dark(&q, 25, 7) || qr_dark(&q, 7, 25));
	qr_free(&q);
}

/* The drawing as a camera sees it: each module a 4x4 block of pixels,
 * ink black and background white, read from the drawn text (not from
 * the matrix) into a PGM file. */
static void write_picture(const char *drawing, int cols, int rows, const char *path)
{
	enum { PX = 4 };
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fprintf(f, "P5\n%d %d\n255\n", cols * PX, rows * 2 * PX);
	const char *line = drawing;
	for (int row = 0; row < rows; row++) {
		for (int half = 0; half < 2; half++)
			for (int y = 0; y < PX; y++) {
				const char *p = line;
				for (int col = 0; col < cols; col++) {
					size_t len = 0;
					int ink = ink_of(p, &len) & (half ? 2 : 1);
					p += len;
					for (int x = 0; x < PX; x++)
						fputc(ink ? 0 : 255, f);
				}
			}
		line = strchr(line, '\n') + 1;
	}
	assert_int_equal(fclose(f), 0);
}

static void qr__the_drawing_decodes_to_the_url_with_a_real_reader(void **state)
{
	(void)state;
	if (system("command -v zbarimg >/dev/null 2>&1") != 0) {
		print_message("skipped: zbarimg (Debian's zbar-tools) is not installed\n");
		skip();
	}
	struct qr q;
	assert_int_equal(qr_encode(URL, &q, NULL), ERR_OK);
	struct sbuf out = SBUF_INIT;
	qr_render(&q, &out);
	char dir[] = "/tmp/improv-test-qr-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char pgm[64], cmd[200], txt[64];
	snprintf(pgm, sizeof pgm, "%s/code.pgm", dir);
	snprintf(txt, sizeof txt, "%s/read.txt", dir);
	write_picture(sbuf_str(&out), qr_columns(&q), qr_rows(&q), pgm);
	snprintf(cmd, sizeof cmd, "zbarimg --quiet --raw %s > %s 2>/dev/null", pgm, txt);
	assert_int_equal(system(cmd), 0);
	struct bytes got = support_read_bytes(txt);
	assert_int_equal(got.len, strlen(URL) + 1);
	assert_memory_equal(got.data, URL "\n", got.len);
	free(got.data);
	support_remove_tree(dir);
	sbuf_free(&out);
	qr_free(&q);
}

static void qr__a_text_too_long_for_any_code_is_refused(void **state)
{
	(void)state;
	size_t n = 3000;
	char *text = malloc(n + 1);
	assert_non_null(text);
	memset(text, 'a', n);
	text[n] = '\0';
	struct qr q;
	struct error err = {0};
	assert_int_equal(qr_encode(text, &q, &err), ERR_DATA);
	assert_null(q.dark);
	assert_non_null(strstr(err.msg, "does not fit"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qr__the_drawing_holds_every_module_and_a_light_quiet_zone),
		cmocka_unit_test(qr__a_code_of_odd_size_ends_on_a_half_row_of_quiet_zone),
		cmocka_unit_test(qr__the_matrix_is_the_one_libqrencode_gives),
		cmocka_unit_test(qr__a_room_url_is_version_4_and_fits_80x24),
		cmocka_unit_test(qr__the_drawing_decodes_to_the_url_with_a_real_reader),
		cmocka_unit_test(qr__a_text_too_long_for_any_code_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
