#include "tui/ui.h"

extern const struct screen_ops home_screen;
extern const struct screen_ops stage_screen;

const struct screen_ops *const screens[SCREEN_COUNT] = {
	[SCREEN_HOME] = &home_screen,
	[SCREEN_STAGE] = &stage_screen,
};
