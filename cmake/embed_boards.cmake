# embed_boards.cmake - compiles the board profiles (boards/NAME/board.conf) into a C
# table { name, text, length } so `hallboard --board NAME` needs no file.
# Usage: cmake -DDIR=boards -DOUT=file.c -P embed_boards.cmake
file(GLOB confs "${DIR}/*/board.conf")
list(SORT confs)
set(arrays "")
set(table "")
set(i 0)
foreach(conf ${confs})
  get_filename_component(dir "${conf}" DIRECTORY)
  get_filename_component(name "${dir}" NAME)
  file(READ "${conf}" hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR len "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
  string(REGEX REPLACE "((0x..,){20})" "\\1\n" body "${body}")
  string(APPEND arrays "static const char board_${i}[] = {\n${body}0x00};\n")
  string(APPEND table "    {\"${name}\", board_${i}, ${len}},\n")
  math(EXPR i "${i} + 1")
endforeach()
file(WRITE "${OUT}" "/* Generated from ${DIR}/NAME/board.conf at build time. Do not edit. */\n"
  "#include <stddef.h>\n"
  "${arrays}"
  "const struct { const char *name; const char *text; size_t len; } hb_boards[] = {\n"
  "${table}    {NULL, NULL, 0}};\n")
