-- The Lua binding as a rock: `luarocks --lua-version 5.4 make` in bindings/lua
-- (next to ../../swig) builds assoc.core with SWIG against an installed
-- libassoc and installs it with the assoc/*.lua package. LuaRocks finds
-- libassoc in its external dependency directories (/usr/local, /usr), or where
-- ASSOC_DIR=<prefix> (or ASSOC_INCDIR / ASSOC_LIBDIR) says, e.g.
--   luarocks --lua-version 5.4 make ASSOC_DIR=$(pkg-config --variable=prefix assoc)
-- Build requirements: swig (4.x), a C compiler, Lua 5.4 headers.
rockspec_format = "3.0"
package = "assoc"
version = "0.1.0-1"
source = {
  -- where the project publishes its sources (luarocks make builds the checkout it runs in)
  url = "git+https://example.invalid/assoc.git",
  tag = "v0.1.0",
  dir = "assoc/bindings/lua",
}
description = {
  summary = "Association tables, association objects and association proxies over SQLite",
  detailed = [[
SQLAlchemy's relationship() and association_proxy patterns for Lua 5.4, over
the assoc C library (libassoc.so.0): models, mappers, sessions with an identity
map and a unit of work, list/set/dict collections and proxy views, queries, and
Lua functions as proxy creators.]],
  license = "MIT",
}
dependencies = { "lua >= 5.4, < 5.5" }
external_dependencies = {
  ASSOC = { header = "assoc.h", library = "assoc" },
}
build = {
  type = "make",
  build_variables = {
    CFLAGS = "$(CFLAGS)",
    LIBFLAG = "$(LIBFLAG)",
    LUA_INCDIR = "$(LUA_INCDIR)",
    ASSOC_INCDIR = "$(ASSOC_INCDIR)",
    ASSOC_LIBDIR = "$(ASSOC_LIBDIR)",
  },
  install_variables = {
    INST_LIBDIR = "$(LIBDIR)",
    INST_LUADIR = "$(LUADIR)",
  },
}
