/* frame: what surrounds every screen of an open session: the header with
 * the session and the timer, the stage tabs, the message line and the key
 * hints, or in presentation mode the stage and the timer in block letters;
 * and the keys every stage shares. */
#ifndef IMPROV_TUI_FRAME_H
#define IMPROV_TUI_FRAME_H

#include "tui/ui.h"

/* Draws the frame and the screen inside it. */
void frame_draw(struct app *app);
/* Over the last frame (not in presentation mode): the header, the message
 * line and what the screen draws of its changes; false, having drawn
 * nothing, when the screen cannot (see screen_ops.draw_changed). */
bool frame_draw_changed(struct app *app);
/* Next or previous stage, the timer, undo, parking, presentation, home. */
unsigned frame_act(struct app *app, enum action action);
/* The timer as the header shows it, kept in app->clock after every change
 * and every second; UI_REDRAW_PART when it is not what was shown. */
unsigned frame_tick(struct app *app);

/* Whether this window refuses the action because the session cannot
 * change here: another window holds it, or it is closed (where only C,
 * which reopens it, and u still work). */
bool frame_refuses(const struct app *app, enum action action);
/* The same, saying so in the message line in one line. */
bool frame_refuse(struct app *app, enum action action);

#endif
