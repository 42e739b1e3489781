/* room: the page the participants open on their phones to join the open
 * session and rate the current state privately. The room serves it on the
 * local network from the screen's own loop (no thread): the loop polls the
 * room's sockets with its own and calls room_run, so every request is
 * handled in the loop's thread, and a change a phone asks for is made
 * through room_ops, that is through the editing service, and committed
 * before the phone is told "saved". Votes that come together are written
 * together (room_ops.settle), before room_run returns. The room keeps only its tokens and the
 * names waiting for the facilitator's OK; it never draws.
 *
 * The loop, once room_open has succeeded:
 *
 *	struct pollfd fds[ROOM_POLLFDS_MAX + 1];   // + the terminal's
 *	size_t n = room_pollfds(room, fds, ROOM_POLLFDS_MAX);
 *	int ms = room_timeout_ms(room);            // -1: no deadline of its own
 *	poll(...the terminal's fd and fds[0..n), the smaller timeout...);
 *	room_run(room, time(NULL));                // also when poll timed out
 *
 * A loop that waits in getch with a timeout instead may just call
 * room_run after each getch: phones then wait at most that timeout. */
#ifndef IMPROV_ROOM_ROOM_H
#define IMPROV_ROOM_ROOM_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/error.h"
#include "model/ballot.h"
#include "model/kinds.h"

/* Where the room listens unless told: this port on the first IPv4 address
 * that is not loopback, or any free port when this one is taken. */
#define ROOM_PORT 8470
#define ROOM_URL_SIZE 128
#define ROOM_POLLFDS_MAX 520    /* the listening socket, the connections, a wake-up */

/* One dimension as the phones see it; the strings belong to the session. */
struct room_dimension {
	const char *key, *name, *question, *low, *high;   /* question, low, high may be NULL */
	int scale_min, scale_max;
};

/* The ballot phones vote in: the newest open secret ballot. */
struct room_ballot {
	size_t index;                   /* its place in the session's ballots */
	enum ballot_method method;
	int budget, cap;                /* dots */
	int score_min, score_max;       /* scoring: the range of impact and effort */
	size_t ncandidates;
};

/* One phone's ballot, checked against the rules of the ballot: per
 * candidate, dots or 1 to approve (values), a place in the order (ranked:
 * candidate indexes, best first) or an impact and an effort (scoring; 0
 * for both: not scored). What the method does not use is NULL. */
struct room_vote {
	const int *values;
	const size_t *order;
	size_t norder;
	const int *impact, *effort;
};

/* One row of a revealed result, in rank order; the strings belong to the
 * session. */
struct room_result_row {
	const char *text, *horizon, *owner;     /* owner may be NULL */
	long points;                    /* dots, approvals, Borda points or priority */
	int rank;
	bool tied;
	double impact, effort;          /* scoring: the means, NAN when unscored */
	enum quadrant quadrant;         /* scoring */
};

/* The result the phones show once the facilitator reveals it: the newest
 * revealed secret ballot, ranked exactly as the projector ranks it. */
struct room_result {
	enum ballot_method method;
	long voters;
	struct room_result_row *rows;   /* the caller frees it */
	size_t nrows;
	const char *tie_rule;           /* static; NULL when nothing is tied */
	bool has_condorcet;             /* ranked: whether a winner was looked for */
	const char *condorcet;          /* the winner's text, or NULL for none */
};

/* One candidate step as the phones see it; the strings belong to the
 * session, owner may be NULL. */
struct room_candidate {
	const char *text, *horizon, *owner;
};

/* What the room reads from the session and the changes it makes to it.
 * The screen fills this with the editing service's calls (see
 * room/room_workshop.h); tests fill it with a session of their own.
 * Participants and dimensions are counted and reached by index, as the
 * session holds them at the moment of the call; a phone is bound to a
 * participant's id, which does not move. */
struct room_ops {
	void *ctx;
	enum stage (*stage)(void *ctx);
	/* Whether the facilitator has revealed the ratings of the current
	 * state; until then a phone sees its own ratings only. */
	bool (*revealed)(void *ctx);
	size_t (*participants)(void *ctx);
	int64_t (*participant_id)(void *ctx, size_t i);
	const char *(*participant_name)(void *ctx, size_t i);
	/* Whether participant i is still in the room; one who left joins,
	 * rates and votes no more. NULL: everyone is. */
	bool (*participant_here)(void *ctx, size_t i);
	size_t (*dimensions)(void *ctx);
	void (*dimension)(void *ctx, size_t i, struct room_dimension *out);
	/* Participant p's score on dimension d, or RATING_NONE. */
	int (*score)(void *ctx, size_t d, size_t p);
	/* Changes: each returns ERR_OK once the change is committed. */
	enum err_code (*rate)(void *ctx, size_t d, size_t p, int score, struct error *err);
	/* Adds a participant (the name is checked already) and gives its id. */
	enum err_code (*add_participant)(void *ctx, const char *name, int64_t *id,
					 struct error *err);
	/* The open secret ballot, false when there is none; candidate c of it;
	 * whether participant p has voted in it. Never a total. */
	bool (*ballot)(void *ctx, struct room_ballot *out);
	void (*candidate)(void *ctx, size_t c, struct room_candidate *out);
	bool (*has_voted)(void *ctx, size_t p);
	/* Casts participant p's ballot in the open one; ERR_DATA with the
	 * reason when the model refuses it. */
	enum err_code (*cast)(void *ctx, size_t p, const struct room_vote *v, struct error *err);
	/* May be NULL: cast then saves the vote itself. Else cast only
	 * counts it, and settle writes every vote counted since its last
	 * call, at once; when it fails, none of them is counted any more. A
	 * listening room calls it once the requests that came together have
	 * been read, and answers their phones after it. */
	enum err_code (*settle)(void *ctx, struct error *err);
	/* May be NULL; else settle in two halves, the write on a thread of
	 * its own (see ws_write_begin): write_begin (false: nothing to
	 * write), write_fd readable once it is done, write_end to wait for
	 * it. While it runs the room reads no request and changes nothing. */
	bool (*write_begin)(void *ctx);
	int (*write_fd)(void *ctx);
	enum err_code (*write_end)(void *ctx, struct error *err);
	/* The result to show, false while there is none (a ballot is open,
	 * or none has been revealed). */
	bool (*result)(void *ctx, struct room_result *out);
};

struct room;

/* A room that answers requests (room_handle in room/handlers.h) but does
 * not listen yet; tests use it as it is. The ops are copied. */
enum err_code room_new(const struct room_ops *ops, struct room **out, struct error *err)
	__attribute__((nonnull(1, 2), warn_unused_result));
/* Starts listening on listen, "ADDR[:PORT]" (an IPv4 address), or by
 * default (NULL or "") on the machine's first non-loopback IPv4 address
 * and ROOM_PORT. Without a port, or with the default, a taken ROOM_PORT
 * falls back to a free port; PORT 0 asks for a free port. ERR_USAGE for a
 * listen that does not read, ERR_IO when nothing can be bound. */
enum err_code room_listen(struct room *room, const char *listen, struct error *err)
	__attribute__((nonnull(1), warn_unused_result));
/* Whether listen reads as room_listen wants it; ERR_USAGE with the reason
 * when not. Nothing is bound. */
enum err_code room_check_listen(const char *listen, struct error *err)
	__attribute__((warn_unused_result));
/* room_new and room_listen together. */
enum err_code room_open(const struct room_ops *ops, const char *listen, struct room **out,
			struct error *err) __attribute__((nonnull(1, 3), warn_unused_result));
/* Stops listening, closes every connection, forgets every token. */
void room_close(struct room *room);

/* The page's address, "http://ADDR:PORT/r/TOKEN/" ("" before listening),
 * the short join code a person types at http://ADDR:PORT/ instead, and
 * the port. */
const char *room_url(const struct room *room) __attribute__((nonnull));
const char *room_code(const struct room *room) __attribute__((nonnull));
uint16_t room_port(const struct room *room) __attribute__((nonnull));

/* ---- the loop ---- */

/* Fills fds (at most max) with what the loop must poll for the room, and
 * returns how many; 0 before listening. */
size_t room_pollfds(struct room *room, struct pollfd *fds, size_t max)
	__attribute__((nonnull));
/* Milliseconds until room_run must be called even if no socket is ready,
 * or -1 when only a socket can make work. */
int room_timeout_ms(struct room *room) __attribute__((nonnull));
/* Accepts, reads, answers: every request ready is handled, in this thread,
 * before it returns; phones waiting for news get it. Never blocks. */
void room_run(struct room *room, time_t now) __attribute__((nonnull));
/* The votes phones cast are written while the loop goes on (room_ops
 * write_begin): before the loop changes the session or uses the store
 * (a key other than the help), it waits here for the write to end. Their
 * phones are answered at the next room_run. */
void room_finish_write(struct room *room) __attribute__((nonnull));
/* Asked before each request is handled: true when the loop has something
 * more urgent (a key the facilitator pressed). The request, untouched,
 * then waits for the next room_run, which the loop calls at once. */
void room_set_yield(struct room *room, bool (*yield)(void *ctx), void *ctx)
	__attribute__((nonnull(1)));

/* ---- names waiting for the facilitator ---- */

/* A phone that asks to join as a new name, or as a participant another
 * phone has claimed already. */
struct room_pending {
	const char *name;       /* checked and sanitized; valid until the next call */
	bool is_new;            /* not yet a participant of the session */
};

size_t room_pending_count(const struct room *room) __attribute__((nonnull));
/* The i-th waiting name, oldest first. */
struct room_pending room_pending_at(const struct room *room, size_t i) __attribute__((nonnull));
/* Lets the i-th in: a new name becomes a participant (through
 * room_ops.add_participant), a claimed one moves to this phone. */
enum err_code room_accept(struct room *room, size_t i, struct error *err)
	__attribute__((nonnull(1), warn_unused_result));
/* Turns the i-th away; the phone is told and may ask again. */
void room_refuse(struct room *room, size_t i) __attribute__((nonnull));

/* How many phones have joined. */
size_t room_joined_count(const struct room *room) __attribute__((nonnull));

#endif
