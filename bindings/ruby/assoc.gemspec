# frozen_string_literal: true

# The assoc gem: the Ruby binding of libassoc. `gem build assoc.gemspec` here
# makes it; the SWIG wrapper is committed (ext/assoc/assoc_core_wrap.c, see
# cmake/ruby_wrapper.cmake), so `gem install` compiles the extension against
# the libassoc that pkg-config finds, and needs no SWIG.
require_relative "lib/assoc/version"

Gem::Specification.new do |spec|
  spec.name = "assoc"
  spec.version = Assoc::VERSION
  spec.summary = "Association tables, association objects and association proxies over SQLite"
  spec.description = "Ruby binding of libassoc: SQLAlchemy's relationship() and association_proxy " \
                     "patterns (list, set and dict collections, proxies with Ruby creators, queries)."
  spec.authors = ["The assoc authors"]
  spec.license = "MIT"
  spec.required_ruby_version = ">= 3.0"
  spec.files = Dir.chdir(__dir__) do
    Dir["lib/**/*.rb", "ext/assoc/*.{c,h,rb}", "README.md"]
  end
  spec.require_paths = ["lib"]
  spec.extensions = ["ext/assoc/extconf.rb"]
  spec.requirements = ["libassoc #{Assoc::VERSION} and pkg-config (PKG_CONFIG_PATH naming the directory of assoc.pc)"]
end
