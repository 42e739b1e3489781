#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "lib/sbuf.h"
#include "room/tokens.h"

static void tokens__a_token_is_22_url_safe_characters(void **state)
{
	(void)state;
	char t[TOKENS_SIZE];
	assert_int_equal(tokens_new(t, NULL), ERR_OK);
	assert_int_equal(strlen(t), TOKENS_CHARS);
	assert_true(tokens_shaped(t));
	assert_int_equal(strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
			 TOKENS_CHARS);
}

static void tokens__two_tokens_differ_and_use_all_their_bits(void **state)
{
	(void)state;
	/* 200 tokens: none repeats, and every position takes many values
	 * (a constant or a short-range position would show a broken source). */
	enum { N = 200 };
	char t[N][TOKENS_SIZE];
	for (int i = 0; i < N; i++)
		assert_int_equal(tokens_new(t[i], NULL), ERR_OK);
	for (int i = 0; i < N; i++)
		for (int j = i + 1; j < N; j++)
			assert_string_not_equal(t[i], t[j]);
	for (int pos = 0; pos < TOKENS_CHARS - 1; pos++) {
		bool seen[128] = {false};
		int distinct = 0;
		for (int i = 0; i < N; i++)
			if (!seen[(unsigned char)t[i][pos]]) {
				seen[(unsigned char)t[i][pos]] = true;
				distinct++;
			}
		assert_true(distinct > 40);
	}
}

static void tokens__a_join_code_is_six_digits_each_of_them_drawn(void **state)
{
	(void)state;
	int counts[10] = {0};
	for (int i = 0; i < 500; i++) {
		char c[TOKENS_CODE_SIZE];
		assert_int_equal(tokens_code(c, NULL), ERR_OK);
		assert_int_equal(strlen(c), TOKENS_CODE_DIGITS);
		assert_int_equal(strspn(c, "0123456789"), TOKENS_CODE_DIGITS);
		for (int k = 0; k < TOKENS_CODE_DIGITS; k++)
			counts[c[k] - '0']++;
	}
	/* 3000 digits, 300 expected each: far outside 200-400 is no longer chance. */
	for (int d = 0; d < 10; d++)
		assert_in_range(counts[d], 200, 400);
}

static void tokens__equal_only_for_the_same_text(void **state)
{
	(void)state;
	const char *t = "AbCdEfGhIjKlMnOpQrStUv";
	assert_true(tokens_equal("AbCdEfGhIjKlMnOpQrStUv", t));
	assert_false(tokens_equal("AbCdEfGhIjKlMnOpQrStUw", t));
	assert_false(tokens_equal("bCdEfGhIjKlMnOpQrStUv", t));
	assert_false(tokens_equal("AbCdEfGhIjKlMnOpQrStU", t));
	assert_false(tokens_equal("AbCdEfGhIjKlMnOpQrStUvX", t));
	assert_false(tokens_equal("", t));
	assert_false(tokens_equal(NULL, t));
	assert_false(tokens_shaped("AbCdEfGhIjKlMnOpQrSt/v"));
	assert_false(tokens_shaped("short"));
	assert_false(tokens_shaped(NULL));
}

static void tokens__the_sixth_try_in_a_minute_is_refused(void **state)
{
	(void)state;
	struct tokens_throttle t = {0};
	for (int i = 0; i < TOKENS_TRIES; i++)
		assert_true(tokens_try(&t, "192.168.1.40", 1000 + i));
	assert_false(tokens_try(&t, "192.168.1.40", 1010));
	assert_true(tokens_try(&t, "192.168.1.41", 1010));
	assert_false(tokens_try(&t, "192.168.1.40", 1000 + TOKENS_WINDOW_SECONDS - 1));
	assert_true(tokens_try(&t, "192.168.1.40", 1000 + TOKENS_WINDOW_SECONDS));
}

static void tokens__a_full_table_of_recent_addresses_refuses_new_ones(void **state)
{
	(void)state;
	struct tokens_throttle t = {0};
	char addr[TOKENS_ADDRESS_SIZE];
	for (int i = 0; i < TOKENS_ADDRESSES; i++) {
		snprintf(addr, sizeof addr, "10.0.%d.%d", i / 250, i % 250);
		assert_true(tokens_try(&t, addr, 500));
	}
	assert_false(tokens_try(&t, "10.9.9.9", 530));
	assert_true(tokens_try(&t, "10.0.0.0", 530));
	/* A minute on, the old windows are free again. */
	assert_true(tokens_try(&t, "10.9.9.9", 500 + TOKENS_WINDOW_SECONDS));
}

static void tokens__a_long_address_is_counted_as_itself(void **state)
{
	(void)state;
	struct tokens_throttle t = {0};
	const char *a = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255%somelonginterface";
	for (int i = 0; i < TOKENS_TRIES; i++)
		assert_true(tokens_try(&t, a, 100));
	assert_false(tokens_try(&t, a, 100));
}

static void tokens__the_cookie_is_for_the_room_s_pages_only(void **state)
{
	(void)state;
	struct sbuf c = SBUF_INIT;
	tokens_cookie(&c, "RoOm", "DeViCe");
	assert_string_equal(sbuf_str(&c),
			    "improv_device=DeViCe; Path=/r/RoOm/; Max-Age=43200; HttpOnly; "
			    "SameSite=Strict");
	sbuf_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tokens__a_token_is_22_url_safe_characters),
		cmocka_unit_test(tokens__two_tokens_differ_and_use_all_their_bits),
		cmocka_unit_test(tokens__a_join_code_is_six_digits_each_of_them_drawn),
		cmocka_unit_test(tokens__equal_only_for_the_same_text),
		cmocka_unit_test(tokens__the_sixth_try_in_a_minute_is_refused),
		cmocka_unit_test(tokens__a_full_table_of_recent_addresses_refuses_new_ones),
		cmocka_unit_test(tokens__a_long_address_is_counted_as_itself),
		cmocka_unit_test(tokens__the_cookie_is_for_the_room_s_pages_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
