# frozen_string_literal: true

# Builds assoc/assoc_core.so from the SWIG wrapper shipped in the gem
# (assoc_core_wrap.c, generated from swig/ruby.i and committed) and
# the binding's C runtime (rb_*.c), against an installed libassoc found
# through pkg-config: put the directory of assoc.pc on PKG_CONFIG_PATH.
require "mkmf"

unless pkg_config("assoc")
  abort <<~MSG
    libassoc was not found by pkg-config. Install it (cmake --install <build> --prefix <prefix>)
    and set PKG_CONFIG_PATH=<prefix>/lib/pkgconfig (the directory holding assoc.pc).
  MSG
end
abort "assoc.h was not found (see mkmf.log)" unless have_header("assoc.h")
abort "libassoc has no assoc_callback_new (see mkmf.log)" unless have_func("assoc_callback_new", "assoc.h")
unless File.exist?(File.join(__dir__, "assoc_core_wrap.c"))
  abort "assoc_core_wrap.c is missing: regenerate it with `cmake --build <build> --target ruby_wrapper`"
end

# A libassoc outside the loader's default paths is found by its directory, recorded in the extension.
libdir = pkg_config("assoc", "variable=libdir")
$LDFLAGS << " -Wl,-rpath,#{libdir}" if libdir && !%w[/usr/lib /lib /usr/lib64 /lib64].include?(libdir)

create_makefile("assoc/assoc_core")
