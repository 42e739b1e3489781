#include "room/qr.h"

#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mem.h"

enum err_code qr_encode(const char *text, struct qr *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	QRcode *code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (code == NULL)
		return error_set(err, ERR_DATA, "the text does not fit a QR code (%s)",
				 errno == ERANGE ? "too long" : "it could not be encoded");
	size_t n = (size_t)code->width * (size_t)code->width;
	out->version = code->version;
	out->size = code->width;
	out->dark = xmalloc(n);
	/* libqrencode's bit 0 is the module's colour; the others say what
	 * part of the symbol it belongs to. */
	for (size_t i = 0; i < n; i++)
		out->dark[i] = code->data[i] & 1;
	QRcode_free(code);
	return ERR_OK;
}

void qr_free(struct qr *q)
{
	free(q->dark);
	memset(q, 0, sizeof *q);
}

bool qr_dark(const struct qr *q, int x, int y)
{
	if (x < 0 || y < 0 || x >= q->size || y >= q->size)
		return false;
	return q->dark[(size_t)y * (size_t)q->size + (size_t)x] != 0;
}

int qr_columns(const struct qr *q)
{
	return q->size + 2 * QR_QUIET;
}

int qr_rows(const struct qr *q)
{
	return (q->size + 2 * QR_QUIET + 1) / 2;
}

void qr_render_row(const struct qr *q, int row, struct sbuf *out)
{
	static const char *const cell[4] = {" ", "\u2580", "\u2584", "\u2588"};
	int top = 2 * row - QR_QUIET;
	for (int col = 0; col < qr_columns(q); col++) {
		int x = col - QR_QUIET;
		int ink = (qr_dark(q, x, top) ? 1 : 0) | (qr_dark(q, x, top + 1) ? 2 : 0);
		sbuf_adds(out, cell[ink]);
	}
}

void qr_render(const struct qr *q, struct sbuf *out)
{
	for (int row = 0; row < qr_rows(q); row++) {
		qr_render_row(q, row, out);
		sbuf_addc(out, '\n');
	}
}
