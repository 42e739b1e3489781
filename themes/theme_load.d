build/test/themes/theme_load.o: themes/theme_load.c themes/theme_load.h \
 lib/error.h lib/paths.h lib/sbuf.h lib/yaml_reader.h
themes/theme_load.h:
lib/error.h:
lib/paths.h:
lib/sbuf.h:
lib/yaml_reader.h:
